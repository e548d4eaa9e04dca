// The rules a complete head must satisfy as a whole: Host, persistence, expectations (RFC 9112 §3.2,
// §9.3; RFC 9110 §10.1.1). Body framing is in RequestHead+Framing.swift.

extension RequestHead {
    /// Builds the head from a validated request line and field lines (byte ranges of `message`) and
    /// applies the message-level rules. The fields the parser interprets are read from their bytes, so
    /// no string is searched or split on the hot path; strings are built once, for the handler.
    init(
        requestLine: RequestLine, fieldLines: [FieldLine], in message: UnsafeRawBufferPointer, limits: ParserLimits
    ) throws(HTTPParseError) {
        var fields: [(name: String, value: String)] = []
        fields.reserveCapacity(fieldLines.count)
        var hostCount = 0
        var hostIsValid = true
        var framing = FramingFields()
        var closes = false
        var asksKeepAlive = false
        var expectsContinue = false
        for line in fieldLines {
            let name = UnsafeRawBufferPointer(rebasing: message[line.name])
            let value = UnsafeRawBufferPointer(rebasing: message[line.value])
            fields.append((name: String(decoding: name, as: UTF8.self), value: String(decoding: value, as: UTF8.self)))
            switch line.kind {
            case .host:
                hostCount += 1
                // RFC 9112 §3.2: a Host with an invalid value is a 400 (it must be `uri-host [":" port]`).
                hostIsValid = hostIsValid && value.allSatisfy(HTTPGrammar.isAuthorityChar)
            case .contentLength:
                framing.addContentLength(value)
            case .transferEncoding:
                framing.addTransferEncoding(value)
            case .connection:
                // RFC 9110 §7.6.1: Connection is a comma list of case-insensitive option tokens.
                for option in FieldListElements(value) {
                    if HTTPGrammar.equalsIgnoringCase(option, "close") { closes = true }
                    if HTTPGrammar.equalsIgnoringCase(option, "keep-alive") { asksKeepAlive = true }
                }
            case .expect:
                expectsContinue = expectsContinue || HTTPGrammar.equalsIgnoringCase(value, "100-continue")
            case .other:
                break
            }
        }
        let version = requestLine.version
        // RFC 9112 §3.2: HTTP/1.1 requires exactly one Host; HTTP/1.0 may omit it. An empty value is
        // allowed (a target without authority).
        if hostCount > 1 { throw .multipleHosts }
        if hostCount == 0 && version == .http1_1 { throw .missingHost }
        guard hostIsValid else { throw .invalidHeaderValue }
        let bodyFraming = try framing.resolve(version: version, limits: limits)
        self.init(
            method: requestLine.method, target: requestLine.target, version: version,
            headers: HTTPHeaders(fields), framing: bodyFraming,
            // RFC 9112 §9.3: 1.1 persists unless closed; 1.0 only when asked to with keep-alive.
            keepAlive: version == .http1_1 ? !closes : asksKeepAlive && !closes,
            // RFC 9110 §10.1.1: a 100-continue expectation in an HTTP/1.0 request MUST be ignored.
            expectsContinue: version == .http1_1 && expectsContinue
        )
    }
}
