import OutboundHTTP

/// One submission (RFC 5321 §3): greeting, EHLO, STARTTLS and EHLO again (RFC 3207 §4.2), AUTH, MAIL FROM, RCPT TO,
/// DATA with dot-stuffing (§4.5.2), QUIT. The reply to the final `.` is the relay's acknowledgement: only a 2yz
/// there makes the message delivered.
struct SMTPSession {
    let relay: SMTPRelay
    let connection: SMTPConnection

    func submit(_ message: MailMessage) throws(OutboundError) -> MailDelivery {
        guard message.to.isPlausible, message.from.isPlausible else { return .permanent("malformed address") }
        var (code, text) = try connection.reply()
        guard code == 220 else { return verdict(code, text, "greeting") }
        (code, text) = try command("EHLO \(relay.heloName)")
        guard code == 250 else { return verdict(code, text, "EHLO") }
        var extensions = text.uppercased()
        if relay.startTLS {
            guard extensions.split(separator: "\n").contains(where: { $0.hasPrefix("STARTTLS") }) else {
                return .transient("the relay does not offer STARTTLS")
            }
            (code, text) = try command("STARTTLS")
            guard code == 220 else { return verdict(code, text, "STARTTLS") }
            try connection.upgrade(context: relay.tls, host: relay.host)
            (code, text) = try command("EHLO \(relay.heloName)")
            guard code == 250 else { return verdict(code, text, "EHLO") }
            extensions = text.uppercased()
        }
        if let user = relay.user, let password = relay.password {
            guard relay.startTLS else { return .permanent("AUTH needs STARTTLS (mailSmtpStartTls)") }
            let auth = extensions.split(separator: "\n").first { $0.hasPrefix("AUTH") }.map(String.init) ?? ""
            if auth.contains("PLAIN") {
                // RFC 4616 §2: authzid NUL authcid NUL passwd.
                (code, text) = try command("AUTH PLAIN " + Base64.ascii("\u{0}\(user)\u{0}\(password)"))
            } else if auth.contains("LOGIN") {
                (code, text) = try command("AUTH LOGIN")
                if code == 334 { (code, text) = try command(Base64.ascii(user)) }
                if code == 334 { (code, text) = try command(Base64.ascii(password)) }
            } else {
                return .transient("the relay offers neither AUTH PLAIN nor AUTH LOGIN")
            }
            guard code == 235 else { return verdict(code, text, "AUTH") }
        }
        (code, text) = try command("MAIL FROM:<\(message.from.address)>")
        guard code == 250 else { return verdict(code, text, "MAIL FROM") }
        (code, text) = try command("RCPT TO:<\(message.to.address)>")
        guard code == 250 || code == 251 else { return verdict(code, text, "RCPT TO") }
        (code, text) = try command("DATA")
        guard code == 354 else { return verdict(code, text, "DATA") }
        try connection.send(Self.dotStuffed(message.rendered) + ".\r\n")
        (code, text) = try connection.reply()
        guard code / 100 == 2 else { return verdict(code, text, "end of data") }
        _ = try? command("QUIT")
        return .accepted
    }

    private func command(_ line: String) throws(OutboundError) -> (code: Int, text: String) {
        try connection.send(line + "\r\n")
        return try connection.reply()
    }

    private func verdict(_ code: Int, _ text: String, _ step: String) -> MailDelivery {
        switch code / 100 {
        case 5: .permanent("\(step): \(code) \(text)")
        default: .transient("\(step): \(code) \(text)")
        }
    }

    /// RFC 5321 §4.5.2: a line starting with `.` gets another one.
    static func dotStuffed(_ text: String) -> String {
        text.split(separator: "\r\n", omittingEmptySubsequences: false)
            .map { $0.hasPrefix(".") ? "." + $0 : String($0) }
            .joined(separator: "\r\n")
    }
}
