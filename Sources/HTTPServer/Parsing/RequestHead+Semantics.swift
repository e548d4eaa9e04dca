// The rules a complete head must satisfy as a whole: Host, body framing, persistence, expectations.

extension RequestHead {
    /// Builds the head from a validated request line and field lines (byte ranges of `message`) and
    /// applies the message-level rules of RFC 9112 §3.2, §6 and §9.3.
    init(
        requestLine: RequestLine, fieldLines: [FieldLine], in message: UnsafeRawBufferPointer, limits: ParserLimits
    ) throws(HTTPParseError) {
        var fields: [(name: String, value: String)] = []
        fields.reserveCapacity(fieldLines.count)
        for line in fieldLines {
            fields.append((
                name: String(decoding: UnsafeRawBufferPointer(rebasing: message[line.name]), as: UTF8.self),
                value: String(decoding: UnsafeRawBufferPointer(rebasing: message[line.value]), as: UTF8.self)
            ))
        }
        let headers = HTTPHeaders(fields)
        let version = requestLine.version
        try Self.checkHost(headers, version: version)
        let framing = try Self.framing(headers, version: version, limits: limits)
        let connectionOptions = headers.values("Connection").flatMap(HTTPGrammar.listElements)
        let closes = connectionOptions.contains { HTTPGrammar.equalsIgnoringCase(String($0), "close") }
        let keepAlive = version == .http1_1
            ? !closes
            : !closes && connectionOptions.contains { HTTPGrammar.equalsIgnoringCase(String($0), "keep-alive") }
        let expectsContinue = version == .http1_1
            && headers.values("Expect").contains { HTTPGrammar.equalsIgnoringCase(String(HTTPGrammar.trimmed($0[...])), "100-continue") }
        self.init(
            method: requestLine.method, target: requestLine.target, version: version, headers: headers,
            framing: framing, keepAlive: keepAlive, expectsContinue: expectsContinue
        )
    }

    /// RFC 9112 §3.2: HTTP/1.1 requires exactly one Host; more than one, or an invalid value, is a 400.
    /// HTTP/1.0 may omit it. An empty value is allowed (a target without authority).
    private static func checkHost(_ headers: HTTPHeaders, version: HTTPVersion) throws(HTTPParseError) {
        let hosts = headers.values("Host")
        if hosts.count > 1 { throw .multipleHosts }
        guard let host = hosts.first else {
            if version == .http1_1 { throw .missingHost }
            return
        }
        guard host.utf8.allSatisfy(HTTPGrammar.isAuthorityChar) else { throw .invalidHeaderValue }
    }

    /// The body framing, by the precedence of RFC 9112 §6.3.
    private static func framing(
        _ headers: HTTPHeaders, version: HTTPVersion, limits: ParserLimits
    ) throws(HTTPParseError) -> BodyFraming {
        let transferEncodings = headers.values("Transfer-Encoding")
        let contentLengths = headers.values("Content-Length")
        if !transferEncodings.isEmpty {
            // §6.3 item 3: both present is a smuggling attempt or a broken client; reject and close.
            guard contentLengths.isEmpty else { throw .contentLengthWithTransferEncoding }
            // §6.1: an HTTP/1.0 message with Transfer-Encoding has faulty framing.
            guard version == .http1_1 else { throw .transferEncodingNotChunked }
            try checkTransferCodings(transferEncodings.flatMap(HTTPGrammar.listElements))
            return .chunked
        }
        guard !contentLengths.isEmpty else { return .none }
        let length = try contentLength(contentLengths)
        guard length <= limits.maxBodySize else { throw .bodyTooLarge }
        return .contentLength(length)
    }

    /// RFC 9112 §6.1 and §7: `chunked` must be the final coding and appear once. Only `chunked` is
    /// decoded here: a known coding applied before it (gzip, deflate, compress, identity) is answered 501
    /// like an unknown one, rather than handing a handler a body still compressed.
    private static func checkTransferCodings(_ elements: [Substring]) throws(HTTPParseError) {
        let known: Set<String> = ["chunked", "gzip", "x-gzip", "deflate", "compress", "x-compress", "identity"]
        var codings: [String] = []
        for element in elements {
            // A coding may carry parameters (`transfer-parameter`, §7.3); its name is the token before ";".
            let name = HTTPGrammar.trimmed(element.split(separator: ";", maxSplits: 1, omittingEmptySubsequences: false)[0])
            guard !name.isEmpty, name.utf8.allSatisfy(HTTPGrammar.isTokenChar) else {
                throw .transferEncodingNotChunked
            }
            let lowered = String(decoding: name.utf8.map(HTTPGrammar.lowercased), as: UTF8.self)
            guard known.contains(lowered) else { throw .unknownTransferCoding }
            codings.append(lowered)
        }
        guard codings.last == "chunked", codings.count(where: { $0 == "chunked" }) == 1 else {
            throw .transferEncodingNotChunked
        }
        guard codings.count == 1 else { throw .unknownTransferCoding }
    }

    /// RFC 9110 §8.6: `Content-Length = 1*DIGIT`. Several fields, or a comma list, are accepted only when
    /// every value is the same number (a recipient MAY accept that, as proxies sometimes merge fields);
    /// otherwise the framing is ambiguous and the request is rejected (RFC 9112 §6.3 item 5).
    private static func contentLength(_ values: [String]) throws(HTTPParseError) -> Int {
        var result: Int?
        for value in values {
            for element in value.split(separator: ",", omittingEmptySubsequences: false) {
                let digits = HTTPGrammar.trimmed(element)
                guard !digits.isEmpty else { throw .invalidContentLength }
                var number = 0
                for byte in digits.utf8 {
                    guard HTTPGrammar.isDigit(byte) else { throw .invalidContentLength }
                    let (times10, overflow1) = number.multipliedReportingOverflow(by: 10)
                    let (sum, overflow2) = times10.addingReportingOverflow(Int(byte - UInt8(ascii: "0")))
                    guard !overflow1, !overflow2 else { throw .invalidContentLength }
                    number = sum
                }
                if let result, result != number { throw .differingContentLengths }
                result = number
            }
        }
        guard let result else { throw .invalidContentLength }
        return result
    }
}
