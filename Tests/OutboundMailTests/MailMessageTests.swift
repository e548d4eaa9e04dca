@testable import OutboundMail
import Testing

@Suite struct MailMessageTests {
    private func message(subject: String = "Anmeldung bestätigt: Sozialtag", text: String = "Hallo\n.\nEnde") -> MailMessage {
        MailMessage(from: MailAddress(address: "programme@agora.example", name: "Agora Lëtzebuerg"),
                    to: MailAddress(address: "jean@example.lu", name: "Jean \"JM\" Müller"), subject: subject, text: text,
                    attachments: [.init(contentType: "text/calendar; charset=utf-8; method=PUBLISH", filename: "invite.ics",
                                        bytes: Array("BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n".utf8))],
                    messageID: "registration-r1-7@agora.example", date: 1_795_335_300, language: "de")
    }

    @Test func headersAreRFC5322WithEncodedWordsAndCRLF() {
        let rendered = message().rendered
        let head = rendered.components("\r\n\r\n").first ?? ""
        #expect(head.contains("Date: Sun, 22 Nov 2026 08:15:00 +0000"))
        #expect(head.contains("Subject: =?utf-8?B?"))
        #expect(head.contains("Message-ID: <registration-r1-7@agora.example>"))
        #expect(head.contains("From: =?utf-8?B?"))
        // An ASCII display name is a quoted-string with its quotes escaped (RFC 5322 §3.2.4).
        #expect(!head.contains("To: Jean"))
        #expect(rendered.utf8.allSatisfy { $0 < 128 }, "7-bit on the wire: every non-ASCII byte encoded")
        #expect(!rendered.replacingCRLF.contains("\n"), "every line ends in CRLF")
        #expect(rendered.components("\r\n").allSatisfy { $0.utf8.count <= 78 }, "no line longer than 78 (RFC 5322 §2.1.1)")
    }

    @Test func dateIsTheRFC5322FormInUTC() {
        #expect(MailDate.rfc5322(0) == "Thu, 01 Jan 1970 00:00:00 +0000")
        #expect(MailDate.rfc5322(1_795_335_300) == "Sun, 22 Nov 2026 08:15:00 +0000")
        #expect(MailDate.rfc5322(951_825_600) == "Tue, 29 Feb 2000 12:00:00 +0000")
    }

    @Test func encodedWordsSplitBetweenCharactersAndStayShort() {
        let long = String(repeating: "é", count: 60)
        let header = EncodedWord.header(long)
        let words = header.components("\r\n ")
        #expect(words.count > 1)
        #expect(words.allSatisfy { $0.hasPrefix("=?utf-8?B?") && $0.hasSuffix("?=") && $0.utf8.count <= 75 })
        #expect(EncodedWord.header("Plain subject") == "Plain subject")
        #expect(EncodedWord.header("line\r\nBcc: x@y") == "line  Bcc: x@y", "no header injection through a subject")
    }

    @Test func base64MatchesRFC4648Vectors() {
        #expect(Base64.encode(Array("".utf8)) == "")
        #expect(Base64.encode(Array("f".utf8)) == "Zg==")
        #expect(Base64.encode(Array("fo".utf8)) == "Zm8=")
        #expect(Base64.encode(Array("foobar".utf8)) == "Zm9vYmFy")
    }

    @Test func dotStuffingDoublesALeadingDot() {
        #expect(SMTPSession.dotStuffed("a\r\n.\r\n..b\r\n") == "a\r\n..\r\n...b\r\n")
    }

    @Test func addressesThatCouldInjectHeadersOrCommandsAreRefused() {
        #expect(MailAddress(address: "jean@example.lu").isPlausible)
        #expect(!MailAddress(address: "jean@example.lu>\r\nRCPT TO:<x@y").isPlausible)
        #expect(!MailAddress(address: "a@b, c@d").isPlausible)
        #expect(!MailAddress(address: "nobody").isPlausible)
    }
}

extension String {
    func components(_ separator: String) -> [String] {
        split(separator: separator, omittingEmptySubsequences: false).map(String.init)
    }

    var replacingCRLF: String { components("\r\n").joined(separator: "") }
}
