/// Parses the status line and header section of an HTTP/1.x response (RFC 9112 §4, §5) from the bytes read so far.
enum ResponseHead {
    /// The response once the header section is complete; nil while more bytes are needed.
    static func parse(_ bytes: [UInt8]) throws(OutboundError) -> OutboundResponse? {
        guard let end = headerEnd(bytes) else {
            if bytes.count > 65_536 { throw .malformedResponse }
            return nil
        }
        let text = String(decoding: bytes[..<end], as: UTF8.self)
        var lines = text.split(separator: "\r\n", omittingEmptySubsequences: false)
        guard !lines.isEmpty else { throw .malformedResponse }
        let statusLine = lines.removeFirst().split(separator: " ", maxSplits: 2)
        guard statusLine.count >= 2, statusLine[0].hasPrefix("HTTP/1."), statusLine[1].count == 3,
              let status = Int(statusLine[1]), (100...599).contains(status)
        else { throw .malformedResponse }
        var headers: [(name: String, value: String)] = []
        for line in lines where !line.isEmpty {
            guard let colon = line.firstIndex(of: ":") else { throw .malformedResponse }
            let value = line[line.index(after: colon)...].trimmingSpaces
            headers.append((line[..<colon].lowercased(), value))
        }
        return OutboundResponse(status: status, headers: headers)
    }

    /// The index of the CRLF CRLF that ends the header section.
    static func headerEnd(_ bytes: [UInt8]) -> Int? {
        guard bytes.count >= 4 else { return nil }
        for index in 0...(bytes.count - 4)
        where bytes[index] == 13 && bytes[index + 1] == 10 && bytes[index + 2] == 13 && bytes[index + 3] == 10 {
            return index
        }
        return nil
    }
}

extension Substring {
    var trimmingSpaces: String {
        String(drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" }.reversed())
    }
}
