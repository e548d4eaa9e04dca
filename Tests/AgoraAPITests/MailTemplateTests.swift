@testable import AgoraAPI
import Foundation
import Testing

@Suite struct MailTemplateTests {
    /// Config/mail is what an operator copies into `mailTemplatesDir`: it must say what the binary says.
    @Test func shippedFilesMatchTheCompiledInTemplates() throws {
        let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Config/mail")
        let names = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasSuffix(".txt") }
        #expect(Set(names) == Set(MailTemplate.defaults.keys))
        #expect(names.count == MailKind.allCases.count * MailTemplate.languages.count)
        for name in names {
            let text = try String(contentsOf: directory.appendingPathComponent(name), encoding: .utf8)
            #expect(MailTemplate(text: text) == MailTemplate.defaults[name], "\(name)")
        }
    }

    @Test func theLanguageIsThePrimarySubtagElseEnglish() {
        #expect(MailTemplate.choose(.confirmed, language: "de-LU", overrides: [:]).1 == "de")
        #expect(MailTemplate.choose(.confirmed, language: "lb", overrides: [:]).1 == "lb")
        #expect(MailTemplate.choose(.cancelled, language: "FR", overrides: [:]).1 == "fr")
        #expect(MailTemplate.choose(.confirmed, language: "pt-BR", overrides: [:]).1 == "en")
        #expect(MailTemplate.choose(.confirmed, language: nil, overrides: [:]).1 == "en")
    }

    @Test func anOperatorsFileReplacesOneTemplateAndAMalformedOneIsIgnored() {
        let custom = MailTemplate.choose(.confirmed, language: "de",
                                         overrides: ["confirmed.de.txt": "Subject: Willkommen {{name}}\r\n\r\nBis bald, {{name}}."])
        #expect(custom.0.filled(["name": "Jean"]) == MailTemplate(subject: "Willkommen Jean", body: "Bis bald, Jean."))
        let broken = MailTemplate.choose(.confirmed, language: "de", overrides: ["confirmed.de.txt": "no subject line"])
        #expect(broken.0 == MailTemplate.defaults["confirmed.de.txt"])
    }
}
