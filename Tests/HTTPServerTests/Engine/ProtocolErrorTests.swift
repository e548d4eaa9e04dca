import Testing
@testable import HTTPServer
import TestSupport

/// RFC 9112 MUSTs enforced on the wire: the right status, a problem+json body, and a closed connection where the
/// framing can't be trusted.
@Suite("Protocol errors over loopback")
struct ProtocolErrorTests {
    struct Case: CustomTestStringConvertible, Sendable {
        let name: String
        let request: String
        let status: Int
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "HTTP/1.1 without Host", request: "GET /hello HTTP/1.1\r\n\r\n", status: 400),
        Case(name: "Content-Length with Transfer-Encoding",
             request: "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", status: 400),
        Case(name: "differing Content-Lengths",
             request: "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\nabcd", status: 400),
        Case(name: "Transfer-Encoding not ending in chunked",
             request: "POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked, gzip\r\n\r\n", status: 400),
        Case(name: "unknown transfer coding",
             request: "POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: frobnicate, chunked\r\n\r\n", status: 501),
        Case(name: "bad chunk size",
             request: "POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nhello\r\n0\r\n\r\n", status: 400),
        Case(name: "whitespace before a header colon", request: "GET /hello HTTP/1.1\r\nHost : x\r\n\r\n", status: 400),
        Case(name: "obs-fold", request: "GET /hello HTTP/1.1\r\nHost: x\r\nX-A: a\r\n  folded\r\n\r\n", status: 400),
        Case(name: "request line over 8 KiB",
             request: "GET /" + String(repeating: "a", count: 9000) + " HTTP/1.1\r\nHost: x\r\n\r\n", status: 414),
        Case(name: "header section over 32 KiB",
             request: "GET /hello HTTP/1.1\r\nHost: x\r\nX-Big: " + String(repeating: "b", count: 33 * 1024) + "\r\n\r\n", status: 431),
        Case(name: "over 100 header fields",
             request: "GET /hello HTTP/1.1\r\nHost: x\r\n" + (0..<101).map { "X-\($0): v\r\n" }.joined() + "\r\n", status: 431),
        Case(name: "body over the limit, refused before it is read",
             request: "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 2000000\r\n\r\n", status: 413),
        Case(name: "unknown method", request: "BREW /hello HTTP/1.1\r\nHost: x\r\n\r\n", status: 501),
        Case(name: "unsupported version", request: "GET /hello HTTP/2.0\r\nHost: x\r\n\r\n", status: 505),
    ]

    @Test("malformed requests get a precise status, problem+json, and the connection closes",
          arguments: EventLoopBackend.allCases, cases)
    func rejected(backend: EventLoopBackend, testCase: Case) throws {
        try withServer(backend) { server in
            let client = try RawClient(port: server.port)
            try client.send(testCase.request)
            let response = try client.readResponse()
            #expect(response.status == testCase.status)
            #expect(response.header("Content-Type") == "application/problem+json")
            #expect(response.text.contains("\"status\":\(testCase.status)"))
            #expect(response.header("Connection") == "close")
            #expect(try client.waitForClose())
            // The server is still serving others.
            let other = try RawClient(port: server.port)
            try other.send(get("/hello"))
            #expect(try other.readResponse().status == 200)
        }
    }

    @Test("405 names the allowed methods; 404 for unknown paths; both keep the connection", arguments: EventLoopBackend.allCases)
    func routingErrors(backend: EventLoopBackend) throws {
        try withServer(backend) { server in
            let client = try RawClient(port: server.port)
            try client.send("DELETE /hello HTTP/1.1\r\nHost: x\r\n\r\n")
            let notAllowed = try client.readResponse()
            #expect(notAllowed.status == 405)
            #expect(notAllowed.header("Allow") == "GET, HEAD, OPTIONS")
            #expect(notAllowed.header("Content-Type") == "application/problem+json")
            try client.send(get("/nowhere"))
            let notFound = try client.readResponse()
            #expect(notFound.status == 404)
            #expect(notFound.header("Content-Type") == "application/problem+json")
            try client.send(get("/hello"))
            #expect(try client.readResponse().status == 200)
        }
    }

    @Test("a request arriving one byte per write is answered like one sent whole", arguments: EventLoopBackend.allCases)
    func byteByByte(backend: EventLoopBackend) throws {
        try withServer(backend) { server in
            let client = try RawClient(port: server.port)
            for byte in Array("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\n\r\nbody".utf8) {
                try client.send([byte])
            }
            #expect(try client.readResponse().text == "body")
        }
    }
}
