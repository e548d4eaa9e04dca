import AgoraAPI
import FoundationEssentials
import OutboundHTTP
import OutboundMail

/// The `mail*` settings as the mail outbox wants them. No `mailSmtpHost` and no `mailSendmail`: no transport, so
/// mail is off and nothing is queued. A setting that cannot work (both set, an unreadable CA, password or
/// templates file) stops the server with status 2 rather than losing mail quietly.
enum MailWiring {
    static func settings(_ configuration: Configuration, outboxPath: String) -> MailSettings {
        let host = configuration.string("mailSmtpHost")
        let sendmail = configuration.string("mailSendmail")
        let transport: (any MailTransport)?
        switch (host.isEmpty, sendmail.isEmpty) {
        case (true, true): transport = nil
        case (false, false): fail("set mailSmtpHost or mailSendmail, not both")
        case (true, false):
            guard sendmail.hasPrefix("/") else { fail("mailSendmail must be an absolute path") }
            transport = SendmailProgram(path: sendmail)
        case (false, true): transport = relay(configuration, host: host)
        }
        let number = { (key: String) in Double(configuration.string(key)) ?? 0 }
        let name = configuration.string("mailFromName")
        let from = MailAddress(address: configuration.string("mailFrom"), name: name.isEmpty ? nil : name)
        guard from.isPlausible else { fail("invalid value for mailFrom: an address such as agora@example.org") }
        return MailSettings(transport: transport, outboxPath: outboxPath, from: from,
                            templates: templates(configuration.string("mailTemplatesDir")),
                            schedule: WebhookSchedule(firstRetry: number("mailFirstRetry"), maxInterval: 6 * 3600,
                                                      giveUpAfter: number("mailGiveUpAfter")),
                            timeoutSeconds: number("mailTimeout"))
    }

    private static func relay(_ configuration: Configuration, host: String) -> SMTPRelay {
        let caFile = configuration.string("mailCaFile")
        let context: TLSClientContext
        do throws(TLSClientContext.SetupError) { context = try TLSClientContext(caFile: caFile.isEmpty ? nil : caFile) } catch {
            fail("cannot load mailCaFile: \(error.description)")
        }
        let user = configuration.string("mailSmtpUser")
        var password = ProcessInfo.processInfo.environment["AGORA_SMTP_PASSWORD"]
        let passwordFile = configuration.string("mailSmtpPasswordFile")
        if password == nil, !passwordFile.isEmpty {
            guard let data = FileManager.default.contents(atPath: passwordFile) else { fail("cannot read mailSmtpPasswordFile") }
            password = String(decoding: data, as: UTF8.self).split(separator: "\n").first.map(String.init) ?? ""
        }
        let startTLS = configuration.bool("mailSmtpStartTls")
        if !user.isEmpty && !startTLS { fail("mailSmtpUser needs mailSmtpStartTls (no password in clear)") }
        if !user.isEmpty && password == nil { fail("mailSmtpUser needs AGORA_SMTP_PASSWORD or mailSmtpPasswordFile") }
        return SMTPRelay(host: host, port: configuration.int("mailSmtpPort"), startTLS: startTLS,
                         user: user.isEmpty ? nil : user, password: password,
                         heloName: heloName(), tls: context)
    }

    /// This host's name for EHLO (RFC 5321 §4.1.1.1), else an address literal.
    private static func heloName() -> String {
        let name = ProcessInfo.processInfo.hostName
        return name.isEmpty || !name.contains(".") && name != "localhost" ? "[127.0.0.1]" : name
    }

    /// The operator's `KIND.LANG.txt` files, by name; a directory that cannot be read stops the server.
    private static func templates(_ directory: String) -> [String: String] {
        guard !directory.isEmpty else { return [:] }
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else {
            fail("cannot read mailTemplatesDir \(directory)")
        }
        var templates: [String: String] = [:]
        for name in names where name.hasSuffix(".txt") {
            if let data = FileManager.default.contents(atPath: directory + "/" + name) {
                templates[name] = String(decoding: data, as: UTF8.self)
            }
        }
        return templates
    }
}
