// The table of requests the parser must refuse, each with the error (and so the status) it must give,
// whole and byte by byte.
import HTTPServer
import Testing

struct InvalidCase: Sendable, CustomTestStringConvertible {
    var name: String
    var bytes: [UInt8]
    var error: HTTPParseError
    var status: Int
    var limits = ParserLimits()

    var testDescription: String { "\(name) → \(status)" }

    init(_ name: String, _ bytes: [UInt8], _ error: HTTPParseError, _ status: Int, limits: ParserLimits = ParserLimits()) {
        self.name = name
        self.bytes = bytes
        self.error = error
        self.status = status
        self.limits = limits
    }

    init(_ name: String, _ message: String, _ error: HTTPParseError, _ status: Int, limits: ParserLimits = ParserLimits()) {
        self.init(name, [UInt8](message: message), error, status, limits: limits)
    }

    /// A request with `requestLine`, a Host line, `extra` lines and the blank line.
    init(_ name: String, line requestLine: String, fields extra: String = "", _ error: HTTPParseError, _ status: Int) {
        self.init(name, requestLine + "\r\nHost: a\r\n" + extra + "\r\n", error, status)
    }

    /// A GET / HTTP/1.1 request with a Host line and `extra` lines.
    init(_ name: String, fields extra: String, _ error: HTTPParseError, _ status: Int) {
        self.init(name, line: "GET / HTTP/1.1", fields: extra, error, status)
    }

    static let all: [InvalidCase] = requestLine + targets + versions + fields + framing + limits

    static let requestLine: [InvalidCase] = [
        InvalidCase("bare CR ends the request line", "GET / HTTP/1.1\rHost: a\r\n\r\n", .invalidRequestLine, 400),
        InvalidCase("bare CR before the request line", "\rGET / HTTP/1.1\r\nHost: a\r\n\r\n", .invalidRequestLine, 400),
        InvalidCase("missing version", "GET /\r\nHost: a\r\n\r\n", .invalidRequestLine, 400),
        InvalidCase("method only", "GET\r\n\r\n", .invalidRequestLine, 400),
        InvalidCase("double space", line: "GET  / HTTP/1.1", .invalidRequestLine, 400),
        InvalidCase("trailing space", line: "GET / HTTP/1.1 ", .invalidRequestLine, 400),
        InvalidCase("leading space", line: " GET / HTTP/1.1", .invalidRequestLine, 400),
        InvalidCase("tab separator", line: "GET\t/ HTTP/1.1", .invalidRequestLine, 400),
        InvalidCase("invalid method character", line: "G(T / HTTP/1.1", .invalidRequestLine, 400),
        InvalidCase("unknown method", line: "BREW /pot HTTP/1.1", .unknownMethod, 501),
        InvalidCase("methods are case-sensitive", line: "get / HTTP/1.1", .unknownMethod, 501),
        InvalidCase("endless empty lines", [UInt8](repeating: 0x0A, count: 8200), .invalidRequestLine, 400),
    ]

    static let targets: [InvalidCase] = [
        InvalidCase("space in target", line: "GET /a b HTTP/1.1", .invalidTarget, 400),
        InvalidCase("control character in target", line: "GET /a\u{01}b HTTP/1.1", .invalidTarget, 400),
        InvalidCase("DEL in target", line: "GET /a\u{7F} HTTP/1.1", .invalidTarget, 400),
        InvalidCase("raw non-ASCII in target", line: "GET /café HTTP/1.1", .invalidTarget, 400),
        InvalidCase("fragment in target", line: "GET /a#top HTTP/1.1", .invalidTarget, 400),
        InvalidCase("bad percent-encoding", line: "GET /a%zz HTTP/1.1", .invalidTarget, 400),
        InvalidCase("truncated percent-encoding", line: "GET /a%2 HTTP/1.1", .invalidTarget, 400),
        InvalidCase("lone percent", line: "GET /a% HTTP/1.1", .invalidTarget, 400),
        InvalidCase("bad percent-encoding in query", line: "GET /a?q=%G1 HTTP/1.1", .invalidTarget, 400),
        InvalidCase("encoded NUL in a segment", line: "GET /a%00b HTTP/1.1", .invalidTarget, 400),
        InvalidCase("encoded LF in a segment", line: "GET /a%0Ab HTTP/1.1", .invalidTarget, 400),
        InvalidCase("encoded invalid UTF-8", line: "GET /%FF%FE HTTP/1.1", .invalidTarget, 400),
        InvalidCase("asterisk-form for GET", line: "GET * HTTP/1.1", .invalidTarget, 400),
        InvalidCase("authority-form for GET", line: "GET agora.example:443 HTTP/1.1", .invalidTarget, 400),
        InvalidCase("origin-form for CONNECT", line: "CONNECT /x HTTP/1.1", .invalidTarget, 400),
        InvalidCase("CONNECT without port", line: "CONNECT agora.example HTTP/1.1", .invalidTarget, 400),
        InvalidCase("relative path", line: "GET events HTTP/1.1", .invalidTarget, 400),
        InvalidCase("unsupported scheme", line: "GET ftp://agora.example/ HTTP/1.1", .invalidTarget, 400),
        InvalidCase("empty authority", line: "GET http:///events HTTP/1.1", .invalidTarget, 400),
        InvalidCase("userinfo in authority", line: "GET http://user@agora.example/ HTTP/1.1", .invalidTarget, 400),
    ]

    static let versions: [InvalidCase] = [
        InvalidCase("HTTP/2.0", line: "GET / HTTP/2.0", .unsupportedVersion, 505),
        InvalidCase("HTTP/0.9", line: "GET / HTTP/0.9", .unsupportedVersion, 505),
        InvalidCase("HTTP/1.2", line: "GET / HTTP/1.2", .unsupportedVersion, 505),
        InvalidCase("HTTP/3.0", line: "GET / HTTP/3.0", .unsupportedVersion, 505),
        InvalidCase("HTTP/1", line: "GET / HTTP/1", .invalidRequestLine, 400),
        InvalidCase("HTTX/1.1", line: "GET / HTTX/1.1", .invalidRequestLine, 400),
        InvalidCase("lower-case http", line: "GET / http/1.1", .invalidRequestLine, 400),
        InvalidCase("two-digit major", line: "GET / HTTP/10.1", .invalidRequestLine, 400),
    ]

    static let fields: [InvalidCase] = [
        InvalidCase("space before colon", fields: "Accept : */*\r\n", .whitespaceBeforeColon, 400),
        InvalidCase("tab before colon", fields: "Accept\t: */*\r\n", .whitespaceBeforeColon, 400),
        InvalidCase("obs-fold with space", fields: "X-A: a\r\n  folded\r\n", .obsoleteLineFolding, 400),
        InvalidCase("obs-fold with tab", fields: "X-A: a\r\n\tfolded\r\n", .obsoleteLineFolding, 400),
        InvalidCase("whitespace line after the request line", "GET / HTTP/1.1\r\n Host: a\r\n\r\n", .obsoleteLineFolding, 400),
        InvalidCase("space inside a name", fields: "X A: b\r\n", .invalidHeaderName, 400),
        InvalidCase("empty name", fields: ": b\r\n", .invalidHeaderName, 400),
        InvalidCase("no colon", fields: "NoColon\r\n", .invalidHeaderName, 400),
        InvalidCase("invalid name character", fields: "X(A): b\r\n", .invalidHeaderName, 400),
        InvalidCase("bare CR in a name", fields: "X\rA: b\r\n", .invalidHeaderName, 400),
        InvalidCase("NUL in a value", fields: "X-A: a\u{0}b\r\n", .invalidHeaderValue, 400),
        InvalidCase("control character in a value", fields: "X-A: a\u{1B}b\r\n", .invalidHeaderValue, 400),
        InvalidCase("DEL in a value", fields: "X-A: a\u{7F}\r\n", .invalidHeaderValue, 400),
        InvalidCase("bare CR in a value", fields: "X-A: a\rb\r\n", .invalidHeaderValue, 400),
        InvalidCase("HTTP/1.1 without Host", "GET / HTTP/1.1\r\nAccept: */*\r\n\r\n", .missingHost, 400),
        InvalidCase("two Host fields", fields: "Host: b\r\n", .multipleHosts, 400),
        InvalidCase("two Host fields in HTTP/1.0", "GET / HTTP/1.0\r\nHost: a\r\nhost: a\r\n\r\n", .multipleHosts, 400),
        InvalidCase("Host with a path", "GET / HTTP/1.1\r\nHost: a/b\r\n\r\n", .invalidHeaderValue, 400),
        InvalidCase("Host with userinfo", "GET / HTTP/1.1\r\nHost: u@a\r\n\r\n", .invalidHeaderValue, 400),
    ]

    static let framing: [InvalidCase] = [
        InvalidCase("Content-Length not a number", fields: "Content-Length: abc\r\n", .invalidContentLength, 400),
        InvalidCase("negative Content-Length", fields: "Content-Length: -1\r\n", .invalidContentLength, 400),
        InvalidCase("signed Content-Length", fields: "Content-Length: +5\r\n", .invalidContentLength, 400),
        InvalidCase("hex Content-Length", fields: "Content-Length: 0x10\r\n", .invalidContentLength, 400),
        InvalidCase("space inside Content-Length", fields: "Content-Length: 1 0\r\n", .invalidContentLength, 400),
        InvalidCase("empty Content-Length", fields: "Content-Length:\r\n", .invalidContentLength, 400),
        InvalidCase("empty Content-Length list element", fields: "Content-Length: 5,\r\n", .invalidContentLength, 400),
        InvalidCase("overflowing Content-Length", fields: "Content-Length: 99999999999999999999\r\n", .invalidContentLength, 400),
        InvalidCase("differing Content-Length fields", fields: "Content-Length: 5\r\nContent-Length: 6\r\n", .differingContentLengths, 400),
        InvalidCase("differing Content-Length list", fields: "Content-Length: 5, 6\r\n", .differingContentLengths, 400),
        InvalidCase("Content-Length over the body limit", fields: "Content-Length: 1048577\r\n", .bodyTooLarge, 413),
        InvalidCase(
            "Content-Length with Transfer-Encoding", fields: "Content-Length: 5\r\nTransfer-Encoding: chunked\r\n",
            .contentLengthWithTransferEncoding, 400
        ),
        InvalidCase("Transfer-Encoding gzip only", fields: "Transfer-Encoding: gzip\r\n", .transferEncodingNotChunked, 400),
        InvalidCase("chunked not last", fields: "Transfer-Encoding: chunked, gzip\r\n", .transferEncodingNotChunked, 400),
        InvalidCase("chunked twice", fields: "Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n", .transferEncodingNotChunked, 400),
        InvalidCase("empty Transfer-Encoding", fields: "Transfer-Encoding:\r\n", .transferEncodingNotChunked, 400),
        InvalidCase("Transfer-Encoding not a token", fields: "Transfer-Encoding: chun\"ked\r\n", .transferEncodingNotChunked, 400),
        InvalidCase("unknown transfer coding", fields: "Transfer-Encoding: brotli\r\n", .unknownTransferCoding, 501),
        InvalidCase("unknown coding before chunked", fields: "Transfer-Encoding: foo, chunked\r\n", .unknownTransferCoding, 501),
        InvalidCase("gzip before chunked is not decoded", fields: "Transfer-Encoding: gzip, chunked\r\n", .unknownTransferCoding, 501),
        InvalidCase(
            "Transfer-Encoding in HTTP/1.0", "POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n",
            .transferEncodingNotChunked, 400
        ),
    ]

    static let small = ParserLimits(maxRequestLineLength: 20, maxHeaderSectionSize: 40, maxHeaderCount: 2, maxBodySize: 10)

    static let limits: [InvalidCase] = [
        InvalidCase("request line over the limit", "GET /0123456789abcd HTTP/1.1\r\nHost: a\r\n\r\n", .requestLineTooLong, 414, limits: small),
        InvalidCase("request line over the limit, no line end yet", "GET /0123456789abcdefgh", .requestLineTooLong, 414, limits: small),
        InvalidCase(
            "header section over the limit", "GET / HTTP/1.1\r\nHost: a\r\nX-Long: 0123456789012345678901234\r\n\r\n",
            .headerSectionTooLarge, 431, limits: small
        ),
        InvalidCase(
            "header section over the limit, no line end yet", "GET / HTTP/1.1\r\nHost: a\r\nX-Long: 012345678901234567890123456789",
            .headerSectionTooLarge, 431, limits: small
        ),
        InvalidCase("too many header fields", "GET / HTTP/1.1\r\nHost: a\r\nA: 1\r\nB: 2\r\n\r\n", .tooManyHeaders, 431, limits: small),
        InvalidCase("Content-Length over a small body limit", "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 11\r\n\r\n", .bodyTooLarge, 413, limits: small),
    ]
}

@Suite struct InvalidRequestTests {
    @Test(arguments: InvalidCase.all)
    func failsWithTheRightError(_ testCase: InvalidCase) {
        #expect(Feeder.parse(testCase.bytes, limits: testCase.limits) == .failed(testCase.error))
        #expect(testCase.error.status == testCase.status)
    }

    @Test(arguments: InvalidCase.all)
    func failsTheSameByteByByte(_ testCase: InvalidCase) {
        #expect(Feeder.byteByByte(testCase.bytes, limits: testCase.limits) == .failed(testCase.error))
    }

    @Test(arguments: InvalidCase.all)
    func failsTheSameInRandomSplits(_ testCase: InvalidCase) {
        for cuts in Feeder.randomCuts(for: testCase.bytes, count: 10, seed: 0xBAD) {
            #expect(Feeder.parse(testCase.bytes, cuts: cuts, limits: testCase.limits) == .failed(testCase.error), "cuts \(cuts)")
        }
    }

    @Test func everyErrorHasATitleAndADetailNamingAnRFC() {
        for error in InvalidCase.all.map(\.error) + [.invalidChunkSize, .invalidChunkFraming] {
            #expect(!error.title.isEmpty)
            #expect(error.detail.hasPrefix("RFC "), "\(error)")
            #expect([400, 413, 414, 431, 501, 505].contains(error.status))
        }
    }
}
