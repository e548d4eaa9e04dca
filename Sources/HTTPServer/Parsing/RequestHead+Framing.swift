// How the body of a request is delimited, from its Content-Length and Transfer-Encoding fields
// (RFC 9112 §6, §7; RFC 9110 §8.6).

/// Collects the framing fields of a head in wire order, then decides the framing by the precedence of
/// RFC 9112 §6.3. Within each field kind the first problem found wins; across kinds the order is fixed:
/// both present, then Transfer-Encoding, then Content-Length.
struct FramingFields {
    private var hasContentLength = false
    private var contentLength: Int?
    private var contentLengthError: HTTPParseError?

    private var hasTransferEncoding = false
    private var codingCount = 0
    private var chunkedCount = 0
    private var lastIsChunked = false
    private var codingError: HTTPParseError?

    /// RFC 9110 §8.6: `Content-Length = 1*DIGIT`. Several fields, or a comma list, are accepted only when
    /// every value is the same number (a recipient MAY accept that, since intermediaries sometimes merge
    /// fields); otherwise the framing is ambiguous and the request is rejected (RFC 9112 §6.3 item 5).
    mutating func addContentLength(_ value: UnsafeRawBufferPointer) {
        hasContentLength = true
        guard contentLengthError == nil else { return }
        for element in FieldListElements(value) {
            guard let number = Self.decimal(element) else {
                contentLengthError = .invalidContentLength
                return
            }
            if let contentLength, contentLength != number {
                contentLengthError = .differingContentLengths
                return
            }
            contentLength = number
        }
    }

    /// RFC 9112 §6.1, §7: a list of transfer codings, each a token with optional parameters. Only
    /// `chunked` is decoded here: a known coding applied before it (gzip, deflate, compress, identity) is
    /// answered 501 like an unknown one, rather than handing a handler a body that is still compressed.
    mutating func addTransferEncoding(_ value: UnsafeRawBufferPointer) {
        hasTransferEncoding = true
        for element in FieldListElements(value) where !element.isEmpty && codingError == nil {
            var nameEnd = 0
            while nameEnd < element.count, element[nameEnd] != HTTPGrammar.semicolon { nameEnd += 1 }
            while nameEnd > 0, element[nameEnd - 1] == HTTPGrammar.sp || element[nameEnd - 1] == HTTPGrammar.htab {
                nameEnd -= 1
            }
            let name = UnsafeRawBufferPointer(rebasing: element[..<nameEnd])
            guard !name.isEmpty, name.allSatisfy(HTTPGrammar.isTokenChar) else {
                codingError = .transferEncodingNotChunked
                return
            }
            codingCount += 1
            if HTTPGrammar.equalsIgnoringCase(name, "chunked") {
                chunkedCount += 1
                lastIsChunked = true
            } else if Self.isKnownCoding(name) {
                lastIsChunked = false
            } else {
                codingError = .unknownTransferCoding
            }
        }
    }

    func resolve(version: HTTPVersion, limits: ParserLimits) throws(HTTPParseError) -> BodyFraming {
        if hasTransferEncoding {
            // §6.3 item 3: both present is a smuggling attempt or a broken client; reject and close.
            guard !hasContentLength else { throw .contentLengthWithTransferEncoding }
            // §6.1: an HTTP/1.0 message with Transfer-Encoding has faulty framing.
            guard version == .http1_1 else { throw .transferEncodingNotChunked }
            if let codingError { throw codingError }
            // §6.3 item 4: chunked must be the final coding, and (§6.1) applied only once.
            guard lastIsChunked, chunkedCount == 1 else { throw .transferEncodingNotChunked }
            guard codingCount == 1 else { throw .unknownTransferCoding }
            return .chunked
        }
        guard hasContentLength else { return .none }
        if let contentLengthError { throw contentLengthError }
        guard let contentLength else { throw .invalidContentLength }
        // Refused now, before any body byte is read (RFC 9110 §15.5.14).
        guard contentLength <= limits.maxBodySize else { throw .bodyTooLarge }
        return .contentLength(contentLength)
    }

    /// `1*DIGIT` as a non-negative Int, or nil when empty, not all digits, or too large for an Int.
    private static func decimal(_ bytes: UnsafeRawBufferPointer) -> Int? {
        guard !bytes.isEmpty else { return nil }
        var number = 0
        for byte in bytes {
            guard HTTPGrammar.isDigit(byte) else { return nil }
            let (times10, overflow1) = number.multipliedReportingOverflow(by: 10)
            let (sum, overflow2) = times10.addingReportingOverflow(Int(byte &- UInt8(ascii: "0")))
            guard !overflow1, !overflow2 else { return nil }
            number = sum
        }
        return number
    }

    /// The registered codings other than chunked (RFC 9112 §7, RFC 9110 §8.4.1), with their x- aliases.
    private static func isKnownCoding(_ name: UnsafeRawBufferPointer) -> Bool {
        HTTPGrammar.equalsIgnoringCase(name, "gzip") || HTTPGrammar.equalsIgnoringCase(name, "x-gzip")
            || HTTPGrammar.equalsIgnoringCase(name, "deflate") || HTTPGrammar.equalsIgnoringCase(name, "compress")
            || HTTPGrammar.equalsIgnoringCase(name, "x-compress") || HTTPGrammar.equalsIgnoringCase(name, "identity")
    }
}
