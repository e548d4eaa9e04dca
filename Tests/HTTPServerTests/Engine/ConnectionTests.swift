import Testing
@testable import HTTPServer
import TestSupport

/// Keep-alive, pipelining, HEAD, 100-continue, bodies, close semantics — over real loopback sockets, on both backends.
@Suite("Connections over loopback")
struct ConnectionTests {
    @Test("HTTP/1.1 keeps the connection open for several requests", arguments: EventLoopBackend.allCases)
    func keepAlive(backend: EventLoopBackend) throws {
        try withServer(backend) { server in
            let client = try RawClient(port: server.port)
            for _ in 0..<3 {
                try client.send(get("/hello"))
                let response = try client.readResponse()
                #expect(response.status == 200)
                #expect(response.text == "hello")
                #expect(response.header("Connection") == nil)
            }
        }
    }

    @Test("every response carries Date, Content-Length, Content-Type and X-Request-Id", arguments: EventLoopBackend.allCases)
    func standardHeaders(backend: EventLoopBackend) throws {
        try withServer(backend) { server in
            let client = try RawClient(port: server.port)
            try client.send(get("/hello"))
            let first = try client.readResponse()
            #expect(first.header("Date")?.hasSuffix(" GMT") == true)
            #expect(first.header("Content-Length") == "5")
            #expect(first.header("Content-Type") == "text/plain")
            let generated = try #require(first.header("X-Request-Id"))
            #expect(!generated.isEmpty)
            try client.send(get("/hello", "X-Request-Id: trace-42\r\n"))
            #expect(try client.readResponse().header("X-Request-Id") == "trace-42")
            try client.send(get("/hello"))
            #expect(try client.readResponse().header("X-Request-Id") != generated, "generated ids are unique")
        }
    }

    @Test("HTTP/1.0 closes unless keep-alive is asked for", arguments: EventLoopBackend.allCases)
    func http10(backend: EventLoopBackend) throws {
        try withServer(backend) { server in
            let closing = try RawClient(port: server.port)
            try closing.send("GET /hello HTTP/1.0\r\n\r\n")
            let response = try closing.readResponse()
            #expect(response.status == 200)
            #expect(response.header("Connection") == "close")
            #expect(try closing.waitForClose())

            let keeping = try RawClient(port: server.port)
            try keeping.send("GET /hello HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")
            #expect(try keeping.readResponse().header("Connection") == "keep-alive")
            try keeping.send("GET /hello HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")
            #expect(try keeping.readResponse().status == 200)
        }
    }

    @Test("Connection: close is honoured: the response says so and the server closes", arguments: EventLoopBackend.allCases)
    func connectionClose(backend: EventLoopBackend) throws {
        try withServer(backend) { server in
            let client = try RawClient(port: server.port)
            try client.send(get("/hello", "Connection: close\r\n"))
            let response = try client.readResponse()
            #expect(response.header("Connection") == "close")
            #expect(try client.waitForClose())
        }
    }

    @Test("pipelined requests are answered in order, even behind a deferred reply", arguments: EventLoopBackend.allCases)
    func pipelining(backend: EventLoopBackend) throws {
        try withServer(backend) { server in
            let client = try RawClient(port: server.port)
            try client.send(get("/items/1") + get("/held") + get("/items/2") + get("/items/3"))
            #expect(try client.readResponse().text == #"{"id":"1"}"#)
            #expect(server.gate.waitForArrival())
            #expect(client.staysSilent(for: .milliseconds(100)), "nothing overtakes the held reply")
            server.gate.open()
            #expect(try client.readResponse().text == #"{"held":true}"#)
            #expect(try client.readResponse().text == #"{"id":"2"}"#)
            #expect(try client.readResponse().text == #"{"id":"3"}"#)
        }
    }

    @Test("HEAD gets GET's headers and no body", arguments: EventLoopBackend.allCases)
    func head(backend: EventLoopBackend) throws {
        try withServer(backend) { server in
            let client = try RawClient(port: server.port)
            try client.send("HEAD /big/1000 HTTP/1.1\r\nHost: x\r\n\r\n")
            let response = try client.readResponse(head: true)
            #expect(response.status == 200)
            #expect(response.header("Content-Length") == "1000")
            // The next response must start right after the head: no body bytes were sent.
            try client.send(get("/hello"))
            #expect(try client.readResponse().text == "hello")
        }
    }

    @Test("Expect: 100-continue gets an interim 100 before the body is sent", arguments: EventLoopBackend.allCases)
    func expectContinue(backend: EventLoopBackend) throws {
        try withServer(backend) { server in
            let client = try RawClient(port: server.port)
            try client.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n")
            let interim = try client.readResponse()
            #expect(interim.status == 100)
            try client.send("abcde")
            let final = try client.readResponse()
            #expect(final.status == 200)
            #expect(final.text == "abcde")
        }
    }

    @Test("bodies by Content-Length and by chunked encoding (trailers skipped)", arguments: EventLoopBackend.allCases)
    func bodies(backend: EventLoopBackend) throws {
        try withServer(backend) { server in
            let client = try RawClient(port: server.port)
            try client.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 11\r\n\r\nhello world")
            #expect(try client.readResponse().text == "hello world")
            try client.send("POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n6;ext=1\r\n world\r\n0\r\nX-Trailer: yes\r\n\r\n")
            let chunked = try client.readResponse()
            #expect(chunked.text == "hello world")
            #expect(chunked.header("X-Body-Length") == "11")
            // A body split over many writes arrives whole.
            try client.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 3000\r\n\r\n")
            for _ in 0..<3 { try client.send([UInt8](repeating: 65, count: 1000)) }
            #expect(try client.readResponse().body.count == 3000)
        }
    }

    @Test("a half-closed client still gets its answer, then the server closes", arguments: EventLoopBackend.allCases)
    func halfClose(backend: EventLoopBackend) throws {
        try withServer(backend) { server in
            let client = try RawClient(port: server.port)
            try client.send(get("/hello") + get("/items/9"))
            client.shutdownWrite()
            #expect(try client.readResponse().text == "hello")
            #expect(try client.readResponse().text == #"{"id":"9"}"#)
            #expect(try client.waitForClose())
        }
    }

    @Test("path parameters are percent-decoded per segment; %2F does not split routing", arguments: EventLoopBackend.allCases)
    func pathDecoding(backend: EventLoopBackend) throws {
        try withServer(backend) { server in
            let client = try RawClient(port: server.port)
            try client.send(get("/items/caf%C3%A9"))
            #expect(try client.readResponse().text == #"{"id":"café"}"#)
            try client.send(get("/items/a%2Fb"))
            #expect(try client.readResponse().text == #"{"id":"a/b"}"#)
            try client.send("GET http://localhost/items/abs HTTP/1.1\r\nHost: localhost\r\n\r\n")
            #expect(try client.readResponse().text == #"{"id":"abs"}"#, "absolute-form target")
        }
    }

    @Test("handler errors become problem+json: a domain problem keeps its status, anything else is a generic 500",
          arguments: EventLoopBackend.allCases)
    func errorMapping(backend: EventLoopBackend) throws {
        try withServer(backend) { server in
            let client = try RawClient(port: server.port)
            try client.send(get("/conflict"))
            let conflict = try client.readResponse()
            #expect(conflict.status == 409)
            #expect(conflict.header("Content-Type") == "application/problem+json")
            #expect(conflict.text.contains(#""detail":"Registration is closed.""#))
            try client.send(get("/crash"))
            let crash = try client.readResponse()
            #expect(crash.status == 500)
            #expect(!crash.text.contains("CocoaStyleError"), "internals do not leak")
            try client.send(get("/hello"))
            #expect(try client.readResponse().status == 200, "the connection survives handler errors")
        }
    }
}
