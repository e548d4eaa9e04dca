/// One message of a `text/event-stream` (WHATWG HTML §9.2.5), framed so a value cannot break out of its field: the
/// parser ends a line at CR, LF or CRLF, so `data` is split at each of them into several `data:` lines (the client
/// joins them with LF), and `id` and `event` — one line each — lose any CR, LF (and, for `id`, NUL, which makes a
/// client ignore the field, §9.2.6). A stream is UTF-8 only.
struct ServerSentEvent: Sendable, Equatable {
    var id: String?
    var event: String?
    var data: String?
    /// Milliseconds a client waits before reconnecting (`retry:`).
    var retry: Int?

    /// The bytes of the message, ending with the blank line that dispatches it.
    var bytes: [UInt8] {
        var out: [UInt8] = []
        if let retry { Self.field("retry", String(max(0, retry)), into: &out) }
        if let event { Self.field("event", Self.oneLine(event), into: &out) }
        if let data {
            for line in Self.lines(of: data) { Self.field("data", line, into: &out) }
        }
        // `id` last, so the client's last event id moves only with a complete message.
        if let id { Self.field("id", Self.oneLine(id).filter { $0 != "\u{0}" }, into: &out) }
        out.append(0x0A)
        return out
    }

    /// A comment line (ignored by clients; keeps proxies from timing out an idle stream), e.g. `: keep-alive`.
    static func comment(_ text: String) -> [UInt8] {
        var out: [UInt8] = [UInt8(ascii: ":")]
        let line = oneLine(text)
        if !line.isEmpty { out.append(UInt8(ascii: " ")); out.append(contentsOf: line.utf8) }
        out.append(contentsOf: [0x0A, 0x0A])
        return out
    }

    private static func field(_ name: String, _ value: String, into out: inout [UInt8]) {
        out.append(contentsOf: name.utf8)
        out.append(UInt8(ascii: ":"))
        // One space after the colon: a client drops exactly one, so a value starting with a space keeps it.
        out.append(UInt8(ascii: " "))
        out.append(contentsOf: value.utf8)
        out.append(0x0A)
    }

    /// `text` split where an event-stream parser would end a line (CRLF, LF, CR).
    static func lines(of text: String) -> [String] {
        var lines: [String] = []
        var current: [UInt8] = []
        var previousCR = false
        for byte in text.utf8 {
            if byte == 0x0A, previousCR { previousCR = false; continue }
            previousCR = byte == 0x0D
            if byte == 0x0A || byte == 0x0D {
                lines.append(String(decoding: current, as: UTF8.self))
                current = []
            } else {
                current.append(byte)
            }
        }
        lines.append(String(decoding: current, as: UTF8.self))
        return lines
    }

    private static func oneLine(_ text: String) -> String {
        String(text.unicodeScalars.filter { $0 != "\r" && $0 != "\n" })
    }
}
