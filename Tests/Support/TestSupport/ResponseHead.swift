/// A response's status line and header fields, parsed from the bytes before the blank line (RFC 9112 §2.1: status
/// line, then field lines, then CRLF). Shared by `RawClient` and `HTTPReply`, which differ only in how they frame
/// the body.
public struct ResponseHead: Sendable {
    public var statusLine: String
    public var status: Int
    public var headers: [(name: String, value: String)]

    /// Parses `bytes` (the head without the final CRLF CRLF); nil when the status line has no code or a field line
    /// has no colon.
    public init?(_ bytes: ArraySlice<UInt8>) {
        var lines = String(decoding: bytes, as: UTF8.self).split(separator: "\r\n", omittingEmptySubsequences: false)
        guard !lines.isEmpty else { return nil }
        statusLine = String(lines.removeFirst())
        let parts = statusLine.split(separator: " ", maxSplits: 2)
        guard parts.count >= 2, let status = Int(parts[1]) else { return nil }
        self.status = status
        headers = []
        for line in lines {
            guard let colon = line.firstIndex(of: ":") else { return nil }
            // RFC 9110 §5.5: optional whitespace around a field value is not part of it.
            headers.append((String(line[..<colon]), String(line[line.index(after: colon)...]).trimmingSpaces()))
        }
    }

    /// The first value of `name` (case-insensitive, RFC 9110 §5.1).
    public func header(_ name: String) -> String? {
        headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }

    /// Where the head ends in `bytes`: the offset of its CR LF CR LF, if it has arrived.
    public static func end(in bytes: [UInt8]) -> Int? {
        bytes.firstOffset(of: [13, 10, 13, 10])
    }

    /// True for responses that never carry a body (RFC 9110 §6.4.1): 1xx, 204, 304.
    public var hasNoBody: Bool { status == 204 || status == 304 || (100..<200).contains(status) }
}
