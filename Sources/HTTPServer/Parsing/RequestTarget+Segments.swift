// Percent-decoding and dot-segment removal of a request path (RFC 3986 §2.1, §5.2.4).

/// Checks of percent-encoding (RFC 3986 §2.1).
enum PercentDecoding {
    /// Every "%" must be followed by two hex digits, in the path and in the query alike.
    static func validate(_ bytes: UnsafeRawBufferPointer) throws(HTTPParseError) {
        var index = 0
        while index < bytes.count {
            if bytes[index] == HTTPGrammar.percent {
                guard index + 2 < bytes.count,
                      HTTPGrammar.hexValue(bytes[index + 1]) != nil,
                      HTTPGrammar.hexValue(bytes[index + 2]) != nil
                else { throw .invalidTarget }
                index += 3
            } else {
                index += 1
            }
        }
    }

    /// Decodes one path segment (already validated). Decoded control characters (NUL first of all) and
    /// invalid UTF-8 are rejected: no handler should ever see them in a name it may log or use as a key.
    static func decodeSegment(_ bytes: UnsafeRawBufferPointer) throws(HTTPParseError) -> String {
        if !bytes.contains(HTTPGrammar.percent) {
            return String(decoding: bytes, as: UTF8.self)
        }
        var decoded: [UInt8] = []
        decoded.reserveCapacity(bytes.count)
        var index = 0
        while index < bytes.count {
            var byte = bytes[index]
            if byte == HTTPGrammar.percent, index + 2 < bytes.count,
               let high = HTTPGrammar.hexValue(bytes[index + 1]), let low = HTTPGrammar.hexValue(bytes[index + 2]) {
                byte = high << 4 | low
                index += 3
            } else {
                index += 1
            }
            guard byte >= HTTPGrammar.sp, byte != 0x7F else { throw .invalidTarget }
            decoded.append(byte)
        }
        guard let string = String(validating: decoded, as: UTF8.self) else { throw .invalidTarget }
        return string
    }
}

/// Splitting an absolute path into routing segments.
enum PathSegments {
    /// Splits `path` (starting with "/", or empty) on raw "/" only, decodes each segment, then removes
    /// dot-segments (RFC 3986 §5.2.4) and drops a trailing empty segment.
    static func decode(_ path: UnsafeRawBufferPointer) throws(HTTPParseError) -> [String] {
        var segments: [String] = []
        guard path.count > 1 else { return segments }
        var start = 1
        while start <= path.count {
            var end = start
            while end < path.count, path[end] != HTTPGrammar.slash { end += 1 }
            let segment = try PercentDecoding.decodeSegment(UnsafeRawBufferPointer(rebasing: path[start..<end]))
            switch segment {
            case ".":
                break
            case "..":
                if !segments.isEmpty { segments.removeLast() }
            default:
                segments.append(segment)
            }
            start = end + 1
        }
        if segments.last?.isEmpty == true { segments.removeLast() }
        return segments
    }
}
