extension HTTPParseError {
    /// The `kind` label: the case's name in snake case. Spelled out (not derived from `description`, which is the
    /// problem's text), so a label never changes with a message.
    var metricLabel: String {
        switch self {
        case .invalidRequestLine: "invalid_request_line"
        case .invalidTarget: "invalid_target"
        case .unsupportedVersion: "unsupported_version"
        case .unknownMethod: "unknown_method"
        case .requestLineTooLong: "request_line_too_long"
        case .invalidHeaderName: "invalid_header_name"
        case .invalidHeaderValue: "invalid_header_value"
        case .whitespaceBeforeColon: "whitespace_before_colon"
        case .obsoleteLineFolding: "obsolete_line_folding"
        case .headerSectionTooLarge: "header_section_too_large"
        case .tooManyHeaders: "too_many_headers"
        case .missingHost: "missing_host"
        case .multipleHosts: "multiple_hosts"
        case .invalidContentLength: "invalid_content_length"
        case .differingContentLengths: "differing_content_lengths"
        case .contentLengthWithTransferEncoding: "content_length_with_transfer_encoding"
        case .transferEncodingNotChunked: "transfer_encoding_not_chunked"
        case .unknownTransferCoding: "unknown_transfer_coding"
        case .invalidChunkSize: "invalid_chunk_size"
        case .invalidChunkFraming: "invalid_chunk_framing"
        case .bodyTooLarge: "body_too_large"
        }
    }
}
