// Why a request could not be parsed, with the status, title and rule a problem+json answer needs.

/// Why a request could not be parsed. `status` is the HTTP status to answer with; every case closes the
/// connection (the framing can't be trusted after a parse error).
public enum HTTPParseError: Error, Equatable, Sendable {
    case invalidRequestLine, invalidTarget, unsupportedVersion, unknownMethod, requestLineTooLong,
         invalidHeaderName, invalidHeaderValue, whitespaceBeforeColon, obsoleteLineFolding,
         headerSectionTooLarge, tooManyHeaders, missingHost, multipleHosts,
         invalidContentLength, differingContentLengths, contentLengthWithTransferEncoding,
         transferEncodingNotChunked, unknownTransferCoding, invalidChunkSize, invalidChunkFraming, bodyTooLarge

    /// The status code to answer with.
    public var status: Int {
        switch self {
        case .requestLineTooLong: 414
        case .headerSectionTooLarge, .tooManyHeaders: 431
        case .bodyTooLarge: 413
        case .unknownMethod, .unknownTransferCoding: 501
        case .unsupportedVersion: 505
        case .invalidRequestLine, .invalidTarget, .invalidHeaderName, .invalidHeaderValue, .whitespaceBeforeColon,
             .obsoleteLineFolding, .missingHost, .multipleHosts, .invalidContentLength, .differingContentLengths,
             .contentLengthWithTransferEncoding, .transferEncodingNotChunked, .invalidChunkSize,
             .invalidChunkFraming:
            400
        }
    }

    /// A short human title for a problem+json body.
    public var title: String {
        switch self {
        case .invalidRequestLine: "Invalid request line"
        case .invalidTarget: "Invalid request target"
        case .unsupportedVersion: "HTTP version not supported"
        case .unknownMethod: "Method not implemented"
        case .requestLineTooLong: "Request line too long"
        case .invalidHeaderName: "Invalid header field name"
        case .invalidHeaderValue: "Invalid header field value"
        case .whitespaceBeforeColon: "Whitespace before header colon"
        case .obsoleteLineFolding: "Obsolete line folding"
        case .headerSectionTooLarge: "Header section too large"
        case .tooManyHeaders: "Too many header fields"
        case .missingHost: "Missing Host header"
        case .multipleHosts: "Multiple Host headers"
        case .invalidContentLength: "Invalid Content-Length"
        case .differingContentLengths: "Differing Content-Length values"
        case .contentLengthWithTransferEncoding: "Content-Length with Transfer-Encoding"
        case .transferEncodingNotChunked: "Transfer-Encoding not ending in chunked"
        case .unknownTransferCoding: "Transfer coding not implemented"
        case .invalidChunkSize: "Invalid chunk size"
        case .invalidChunkFraming: "Invalid chunk framing"
        case .bodyTooLarge: "Request body too large"
        }
    }

    /// One sentence naming the rule that was broken.
    public var detail: String {
        switch self {
        case .invalidRequestLine:
            "RFC 9112 §3: the request line must be a method token, a target and HTTP/x.y separated by single spaces and ended by CRLF."
        case .invalidTarget:
            "RFC 9112 §3.2 and RFC 3986: the request target must be a valid origin-, absolute-, authority- or asterisk-form with valid percent-encoding."
        case .unsupportedVersion:
            "RFC 9110 §15.6.6: this server speaks HTTP/1.1 and HTTP/1.0 only."
        case .unknownMethod:
            "RFC 9110 §9.1: the request method is not recognised by this server."
        case .requestLineTooLong:
            "RFC 9112 §3: the request line is longer than this server accepts."
        case .invalidHeaderName:
            "RFC 9110 §5.1: a header field name must be a non-empty token followed by a colon."
        case .invalidHeaderValue:
            "RFC 9110 §5.5: a header field value must not contain control characters other than HTAB."
        case .whitespaceBeforeColon:
            "RFC 9112 §5.1: whitespace between a header field name and its colon is rejected."
        case .obsoleteLineFolding:
            "RFC 9112 §5.2: header field values folded onto continuation lines are rejected."
        case .headerSectionTooLarge:
            "RFC 6585 §5: the header section is larger than this server accepts."
        case .tooManyHeaders:
            "RFC 6585 §5: the request has more header fields than this server accepts."
        case .missingHost:
            "RFC 9112 §3.2: an HTTP/1.1 request must carry a Host header field."
        case .multipleHosts:
            "RFC 9112 §3.2: a request with more than one Host header field is rejected."
        case .invalidContentLength:
            "RFC 9110 §8.6: Content-Length must be a non-negative decimal number."
        case .differingContentLengths:
            "RFC 9112 §6.3: a request with differing Content-Length values is rejected."
        case .contentLengthWithTransferEncoding:
            "RFC 9112 §6.3: a request with both Content-Length and Transfer-Encoding is rejected."
        case .transferEncodingNotChunked:
            "RFC 9112 §6.1 and §6.3: Transfer-Encoding is accepted only on HTTP/1.1 requests, with chunked exactly once and last."
        case .unknownTransferCoding:
            "RFC 9112 §6.1: this server decodes only the chunked transfer coding."
        case .invalidChunkSize:
            "RFC 9112 §7.1: a chunk size must be hexadecimal digits, optionally followed by extensions and CRLF."
        case .invalidChunkFraming:
            "RFC 9112 §7.1: chunk data, chunk lines and trailer lines must each end with CRLF."
        case .bodyTooLarge:
            "RFC 9110 §15.5.14: the request body is larger than this server accepts."
        }
    }
}

extension HTTPParseError: CustomStringConvertible {
    public var description: String { "\(status) \(title)" }
}
