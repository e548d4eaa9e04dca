/// One e-mail as RFC 5322 and MIME (RFC 2045–2049) want it: header fields with RFC 2047 encoded-words where a
/// value is not ASCII, a `multipart/mixed` body of a UTF-8 text part and attachments, each base64 (RFC 2045 §6.8)
/// so no line is longer than 76 characters whatever the text holds. Lines end in CRLF (RFC 5322 §2.1).
public struct MailMessage: Sendable, Equatable {
    public struct Attachment: Sendable, Equatable {
        /// The whole `Content-Type` value, e.g. `text/calendar; charset=utf-8; method=PUBLISH` (RFC 5545 §8.1).
        public var contentType: String
        public var filename: String
        public var bytes: [UInt8]

        public init(contentType: String, filename: String, bytes: [UInt8]) {
            self.contentType = contentType
            self.filename = filename
            self.bytes = bytes
        }
    }

    public var from: MailAddress
    public var to: MailAddress
    public var subject: String
    public var text: String
    public var attachments: [Attachment]
    /// `<local@domain>` without the brackets; stable for a (registration, sequence), so a relay that got a message
    /// twice (our retry after a lost acknowledgement) sees the same Message-ID (RFC 5322 §3.6.4).
    public var messageID: String
    /// Seconds since 1970 for the `Date` field (RFC 5322 §3.3).
    public var date: Int64
    public var language: String?

    public init(from: MailAddress, to: MailAddress, subject: String, text: String, attachments: [Attachment] = [],
                messageID: String, date: Int64, language: String? = nil) {
        self.from = from
        self.to = to
        self.subject = subject
        self.text = text
        self.attachments = attachments
        self.messageID = messageID
        self.date = date
        self.language = language
    }

    /// The message as it goes to the relay (CRLF line ends; the SMTP client dot-stuffs it).
    public var rendered: String {
        // `_` is not in the base64 alphabet (RFC 4648 §4), so no body line can look like the boundary.
        let boundary = "=_agora_part_boundary_"
        var lines = [
            "Date: " + MailDate.rfc5322(date),
            "From: " + from.header,
            "To: " + to.header,
            "Subject: " + EncodedWord.header(subject),
            "Message-ID: <\(messageID)>",
            "MIME-Version: 1.0",
            "Auto-Submitted: auto-generated",
        ]
        if let language { lines.append("Content-Language: \(language)") }
        lines.append("Content-Type: multipart/mixed; boundary=\"\(boundary)\"")
        lines.append("")
        lines.append("--\(boundary)")
        lines.append("Content-Type: text/plain; charset=utf-8")
        lines.append("Content-Transfer-Encoding: base64")
        lines.append("")
        lines += Base64.lines(Array(text.utf8))
        for attachment in attachments {
            lines.append("--\(boundary)")
            lines.append("Content-Type: \(attachment.contentType)")
            lines.append("Content-Disposition: attachment; filename=\"\(attachment.filename)\"")
            lines.append("Content-Transfer-Encoding: base64")
            lines.append("")
            lines += Base64.lines(attachment.bytes)
        }
        lines.append("--\(boundary)--")
        return lines.joined(separator: "\r\n") + "\r\n"
    }
}
