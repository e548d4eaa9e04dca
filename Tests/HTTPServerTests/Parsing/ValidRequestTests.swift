// The table of requests the parser must accept, each checked whole, byte by byte and in random splits.
import HTTPServer
import Testing

struct ValidCase: Sendable, CustomTestStringConvertible {
    var name: String
    var bytes: [UInt8]
    var method: HTTPMethod = .get
    var version: HTTPVersion = .http1_1
    var path = "/"
    var query: String?
    var segments: [String] = []
    var authority: String?
    /// When set, the headers must be exactly these, in this order.
    var headers: [(name: String, value: String)]?
    var framing: BodyFraming = .none
    var keepAlive = true
    var expectsContinue = false

    var testDescription: String { name }

    static let host = "Host: agora.example\r\n"

    /// Builds `method target HTTP/1.1`, a Host line, `extra` lines and the blank line.
    static func request(_ requestLine: String, _ extra: String = "") -> [UInt8] {
        [UInt8](message: requestLine + "\r\n" + host + extra + "\r\n")
    }

    static let all: [ValidCase] = [
        ValidCase(name: "simple GET", bytes: request("GET / HTTP/1.1"), headers: [("Host", "agora.example")]),
        ValidCase(
            name: "path and query", bytes: request("GET /events/abc?lang=de&page=2 HTTP/1.1"),
            path: "/events/abc", query: "lang=de&page=2", segments: ["events", "abc"]
        ),
        ValidCase(name: "empty query", bytes: request("GET /events? HTTP/1.1"), path: "/events", query: "", segments: ["events"]),
        ValidCase(name: "trailing slash dropped", bytes: request("GET /events/abc/ HTTP/1.1"), path: "/events/abc/", segments: ["events", "abc"]),
        ValidCase(name: "empty middle segment kept", bytes: request("GET /a//b HTTP/1.1"), path: "/a//b", segments: ["a", "", "b"]),
        ValidCase(
            name: "percent-decoded segments", bytes: request("GET /events/caf%C3%A9/a%20b HTTP/1.1"),
            path: "/events/caf%C3%A9/a%20b", segments: ["events", "café", "a b"]
        ),
        ValidCase(
            name: "%2F stays inside its segment", bytes: request("GET /files/a%2Fb/c HTTP/1.1"),
            path: "/files/a%2Fb/c", segments: ["files", "a/b", "c"]
        ),
        ValidCase(name: "dot segments removed", bytes: request("GET /a/b/../c/./d HTTP/1.1"), path: "/a/b/../c/./d", segments: ["a", "c", "d"]),
        ValidCase(name: "encoded dot segments removed", bytes: request("GET /a/%2e%2E/b HTTP/1.1"), path: "/a/%2e%2E/b", segments: ["b"]),
        ValidCase(name: "dot-dot above root stays at root", bytes: request("GET /../../x HTTP/1.1"), path: "/../../x", segments: ["x"]),
        ValidCase(name: "final dot-dot", bytes: request("GET /a/b/.. HTTP/1.1"), path: "/a/b/..", segments: ["a"]),
        ValidCase(name: "lenient visible characters", bytes: request("GET /a|b{c}?q=\"x\" HTTP/1.1"), path: "/a|b{c}", query: "q=\"x\"", segments: ["a|b{c}"]),
        ValidCase(
            name: "absolute-form", bytes: request("GET http://agora.example:8080/events/1?x=1 HTTP/1.1"),
            path: "/events/1", query: "x=1", segments: ["events", "1"], authority: "agora.example:8080"
        ),
        ValidCase(name: "absolute-form https without path", bytes: request("GET HTTPS://Agora.example HTTP/1.1"), authority: "Agora.example"),
        ValidCase(name: "absolute-form query without path", bytes: request("GET http://h?x HTTP/1.1"), query: "x", authority: "h"),
        ValidCase(name: "absolute-form IPv6", bytes: request("GET http://[::1]:8080/ HTTP/1.1"), authority: "[::1]:8080"),
        ValidCase(name: "asterisk-form for OPTIONS", bytes: request("OPTIONS * HTTP/1.1"), method: .options, path: "*"),
        ValidCase(name: "authority-form for CONNECT", bytes: request("CONNECT agora.example:443 HTTP/1.1"), method: .connect, authority: "agora.example:443"),
        ValidCase(name: "HEAD", bytes: request("HEAD /healthz HTTP/1.1"), method: .head, path: "/healthz", segments: ["healthz"]),
        ValidCase(name: "DELETE", bytes: request("DELETE /x HTTP/1.1"), method: .delete, path: "/x", segments: ["x"]),
        ValidCase(name: "TRACE", bytes: request("TRACE / HTTP/1.1"), method: .trace),
        ValidCase(
            name: "POST with Content-Length", bytes: request("POST /registrations HTTP/1.1", "Content-Length: 5\r\n"),
            method: .post, path: "/registrations", segments: ["registrations"], framing: .contentLength(5)
        ),
        ValidCase(name: "Content-Length 0", bytes: request("PUT /x HTTP/1.1", "Content-Length: 0\r\n"), method: .put, path: "/x", segments: ["x"], framing: .contentLength(0)),
        ValidCase(name: "Content-Length leading zeros", bytes: request("PATCH / HTTP/1.1", "Content-Length: 007\r\n"), method: .patch, framing: .contentLength(7)),
        ValidCase(name: "identical Content-Length fields", bytes: request("POST / HTTP/1.1", "Content-Length: 5\r\nContent-Length: 5\r\n"), method: .post, framing: .contentLength(5)),
        ValidCase(name: "identical Content-Length list", bytes: request("POST / HTTP/1.1", "Content-Length: 7 , 7\r\n"), method: .post, framing: .contentLength(7)),
        ValidCase(name: "Content-Length at the body limit", bytes: request("POST / HTTP/1.1", "Content-Length: 1048576\r\n"), method: .post, framing: .contentLength(1 << 20)),
        ValidCase(name: "chunked", bytes: request("POST / HTTP/1.1", "Transfer-Encoding: chunked\r\n"), method: .post, framing: .chunked),
        ValidCase(name: "chunked, any case, empty list elements", bytes: request("POST / HTTP/1.1", "Transfer-Encoding: , CHUNKED\r\n"), method: .post, framing: .chunked),
        ValidCase(name: "Connection: close", bytes: request("GET / HTTP/1.1", "Connection: close\r\n"), keepAlive: false),
        ValidCase(name: "Connection list with Close", bytes: request("GET / HTTP/1.1", "Connection: keep-alive, Close\r\n"), keepAlive: false),
        ValidCase(name: "Connection: Upgrade keeps alive", bytes: request("GET / HTTP/1.1", "Connection: Upgrade\r\n"), keepAlive: true),
        ValidCase(name: "HTTP/1.0 without Host closes", bytes: [UInt8](message: "GET / HTTP/1.0\r\n\r\n"), version: .http1_0, keepAlive: false),
        ValidCase(
            name: "HTTP/1.0 keep-alive", bytes: [UInt8](message: "GET / HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n"),
            version: .http1_0, keepAlive: true
        ),
        ValidCase(
            name: "HTTP/1.0 ignores 100-continue", bytes: [UInt8](message: "POST / HTTP/1.0\r\nExpect: 100-continue\r\nContent-Length: 1\r\n\r\n"),
            method: .post, version: .http1_0, framing: .contentLength(1), keepAlive: false, expectsContinue: false
        ),
        ValidCase(
            name: "Expect: 100-continue", bytes: request("POST / HTTP/1.1", "Expect: 100-Continue\r\nContent-Length: 3\r\n"),
            method: .post, framing: .contentLength(3), expectsContinue: true
        ),
        ValidCase(name: "other Expect ignored", bytes: request("GET / HTTP/1.1", "Expect: something\r\n"), expectsContinue: false),
        ValidCase(
            name: "OWS trimmed, empty value, order kept",
            bytes: request("GET / HTTP/1.1", "Accept:  \t text/html \t\r\nX-Empty:\r\naccept: application/json\r\n"),
            headers: [("Host", "agora.example"), ("Accept", "text/html"), ("X-Empty", ""), ("accept", "application/json")]
        ),
        ValidCase(
            name: "obs-text in a value", bytes: [UInt8](message: "GET / HTTP/1.1\r\nHost: a\r\nX-Name: caf") + [0xC3, 0xA9] + [UInt8](message: "\r\n\r\n"),
            headers: [("Host", "a"), ("X-Name", "café")]
        ),
        ValidCase(name: "HTAB inside a value", bytes: request("GET / HTTP/1.1", "X-Tab: a\tb\r\n"), headers: [("Host", "agora.example"), ("X-Tab", "a\tb")]),
        ValidCase(name: "empty Host", bytes: [UInt8](message: "GET / HTTP/1.1\r\nHost:\r\n\r\n"), headers: [("Host", "")]),
        ValidCase(name: "Host IPv6 with port", bytes: [UInt8](message: "GET / HTTP/1.1\r\nHost: [::1]:8080\r\n\r\n"), headers: [("Host", "[::1]:8080")]),
        ValidCase(name: "bare LF line ends", bytes: [UInt8](message: "GET /a HTTP/1.1\nHost: a\n\n"), path: "/a", segments: ["a"], headers: [("Host", "a")]),
        ValidCase(name: "mixed line ends", bytes: [UInt8](message: "GET / HTTP/1.1\r\nHost: a\n\r\n"), headers: [("Host", "a")]),
        ValidCase(name: "leading empty lines skipped", bytes: [UInt8](message: "\r\n\n\r\nGET / HTTP/1.1\r\nHost: a\r\n\r\n"), headers: [("Host", "a")]),
    ]
}

@Suite struct ValidRequestTests {
    @Test(arguments: ValidCase.all)
    func parsesWhole(_ testCase: ValidCase) throws {
        let outcome = Feeder.parse(testCase.bytes)
        guard case .complete(let head, let headLength) = outcome else {
            Issue.record("expected a complete head, got \(outcome)")
            return
        }
        #expect(headLength == testCase.bytes.count)
        #expect(head.method == testCase.method)
        #expect(head.version == testCase.version)
        #expect(head.target.path == testCase.path)
        #expect(head.target.query == testCase.query)
        #expect(head.target.segments == testCase.segments)
        #expect(head.target.authority == testCase.authority)
        #expect(head.framing == testCase.framing)
        #expect(head.keepAlive == testCase.keepAlive)
        #expect(head.expectsContinue == testCase.expectsContinue)
        if let expected = testCase.headers {
            #expect(head.headers == HTTPHeaders(expected))
        }
    }

    @Test(arguments: ValidCase.all)
    func parsesTheSameByteByByte(_ testCase: ValidCase) {
        #expect(Feeder.byteByByte(testCase.bytes) == Feeder.parse(testCase.bytes))
    }

    @Test(arguments: ValidCase.all)
    func parsesTheSameInFiftyRandomSplits(_ testCase: ValidCase) {
        let whole = Feeder.parse(testCase.bytes)
        for cuts in Feeder.randomCuts(for: testCase.bytes, count: 50, seed: 0xA60A) {
            #expect(Feeder.parse(testCase.bytes, cuts: cuts) == whole, "cuts \(cuts)")
        }
    }

    @Test(arguments: ValidCase.all)
    func needsMoreForEveryProperPrefix(_ testCase: ValidCase) {
        var parser = RequestParser()
        for end in 0..<testCase.bytes.count {
            let step = testCase.bytes.withUnsafeBytes { parser.parse(UnsafeRawBufferPointer(rebasing: $0[0..<end])) }
            guard case .needMore = step else {
                Issue.record("prefix of \(end) bytes did not need more: \(step)")
                return
            }
        }
    }
}
