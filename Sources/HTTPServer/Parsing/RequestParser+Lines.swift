// Validation of the two kinds of line in a request head: the request line and a field line.

/// The parts of a validated request line (RFC 9112 §3).
struct RequestLine: Sendable {
    var method: HTTPMethod
    var target: RequestTarget
    var version: HTTPVersion

    /// Parses `method SP request-target SP HTTP-version`, `line` being without its line end. Syntax is
    /// checked first (400), then the version (505), the target (400), and last the method (501), so a
    /// well-formed request with a method we don't implement is the only kind answered 501.
    init(parsing line: UnsafeRawBufferPointer) throws(HTTPParseError) {
        guard let firstSpace = line.firstIndex(of: HTTPGrammar.sp),
              let lastSpace = line.lastIndex(of: HTTPGrammar.sp),
              firstSpace > 0, lastSpace > firstSpace + 1
        else { throw .invalidRequestLine }
        let methodBytes = UnsafeRawBufferPointer(rebasing: line[..<firstSpace])
        let targetBytes = UnsafeRawBufferPointer(rebasing: line[(firstSpace + 1)..<lastSpace])
        let versionBytes = UnsafeRawBufferPointer(rebasing: line[(lastSpace + 1)...])
        guard methodBytes.allSatisfy(HTTPGrammar.isTokenChar) else { throw .invalidRequestLine }
        // Exactly one SP between the parts: a doubled space leaves a blank at the target's edge.
        guard targetBytes[targetBytes.startIndex] != HTTPGrammar.sp,
              targetBytes[targetBytes.endIndex - 1] != HTTPGrammar.sp
        else { throw .invalidRequestLine }

        version = try Self.version(versionBytes)
        guard targetBytes.allSatisfy(HTTPGrammar.isTargetChar) else { throw .invalidTarget }
        let method = HTTPMethod.known(methodBytes)
        target = try RequestTarget.parse(targetBytes, method: method ?? HTTPMethod(rawValue: String(decoding: methodBytes, as: UTF8.self)))
        guard let method else { throw .unknownMethod }
        self.method = method
    }

    /// `HTTP-version = "HTTP/" DIGIT "." DIGIT` (RFC 9112 §2.3; "HTTP" is case-sensitive). Well-formed
    /// versions other than 1.0 and 1.1 are unsupported (505), anything else is malformed (400).
    private static func version(_ bytes: UnsafeRawBufferPointer) throws(HTTPParseError) -> HTTPVersion {
        guard bytes.count == 8,
              bytes[0] == UInt8(ascii: "H"), bytes[1] == UInt8(ascii: "T"), bytes[2] == UInt8(ascii: "T"),
              bytes[3] == UInt8(ascii: "P"), bytes[4] == HTTPGrammar.slash,
              HTTPGrammar.isDigit(bytes[5]), bytes[6] == UInt8(ascii: "."), HTTPGrammar.isDigit(bytes[7])
        else { throw .invalidRequestLine }
        let version = HTTPVersion(major: Int(bytes[5] - UInt8(ascii: "0")), minor: Int(bytes[7] - UInt8(ascii: "0")))
        guard version == .http1_1 || version == .http1_0 else { throw .unsupportedVersion }
        return version
    }
}

/// One header field line, as byte ranges of the message (RFC 9112 §5).
struct FieldLine: Sendable {
    var name: Range<Int>
    var value: Range<Int>
    var kind: FieldKind

    /// Parses `field-name ":" OWS field-value OWS`, `line` being without its line end and starting at
    /// `offset` in the message.
    init(parsing line: UnsafeRawBufferPointer, offset: Int) throws(HTTPParseError) {
        let count = line.count
        // RFC 9112 §5.2: obs-fold (a line starting with whitespace) is rejected with 400.
        guard let first = line.first, first != HTTPGrammar.sp, first != HTTPGrammar.htab else {
            throw .obsoleteLineFolding
        }
        var index = 0
        while index < count, HTTPGrammar.isTokenChar(line[index]) { index += 1 }
        let nameEnd = index
        if index < count, line[index] == HTTPGrammar.sp || line[index] == HTTPGrammar.htab {
            // RFC 9112 §5.1: whitespace between name and colon MUST be rejected (a smuggling vector).
            while index < count, line[index] == HTTPGrammar.sp || line[index] == HTTPGrammar.htab { index += 1 }
            throw index < count && line[index] == HTTPGrammar.colon ? .whitespaceBeforeColon : .invalidHeaderName
        }
        guard nameEnd > 0, index < count, line[index] == HTTPGrammar.colon else { throw .invalidHeaderName }
        index += 1
        while index < count, line[index] == HTTPGrammar.sp || line[index] == HTTPGrammar.htab { index += 1 }
        let valueStart = index
        var valueEnd = count
        while valueEnd > valueStart, line[valueEnd - 1] == HTTPGrammar.sp || line[valueEnd - 1] == HTTPGrammar.htab {
            valueEnd -= 1
        }
        guard HTTPGrammar.allFieldValueChars(in: line, from: valueStart, to: valueEnd) else {
            throw .invalidHeaderValue
        }
        kind = FieldKind(name: UnsafeRawBufferPointer(rebasing: line[..<nameEnd]))
        name = offset..<(offset + nameEnd)
        value = (offset + valueStart)..<(offset + valueEnd)
    }
}

/// The header fields whose meaning the parser itself needs (RFC 9112 §3.2, §6, §9.3; RFC 9110 §10.1.1).
enum FieldKind: Sendable {
    case host, contentLength, transferEncoding, connection, expect, other

    /// Classifies a field name, ASCII case-insensitively, by length first so most names cost one compare.
    init(name: UnsafeRawBufferPointer) {
        switch name.count {
        case 4 where HTTPGrammar.equalsIgnoringCase(name, "host"): self = .host
        case 6 where HTTPGrammar.equalsIgnoringCase(name, "expect"): self = .expect
        case 10 where HTTPGrammar.equalsIgnoringCase(name, "connection"): self = .connection
        case 14 where HTTPGrammar.equalsIgnoringCase(name, "content-length"): self = .contentLength
        case 17 where HTTPGrammar.equalsIgnoringCase(name, "transfer-encoding"): self = .transferEncoding
        default: self = .other
        }
    }
}
