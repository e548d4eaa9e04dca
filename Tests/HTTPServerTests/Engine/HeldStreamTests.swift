import Dispatch
import Synchronization
import Testing
import TestSupport
@testable import HTTPServer

/// Held streams (`StreamedResponse`) on both backends: framing by HTTP version, the application's `finish`, and the
/// `onEnd` handlers running however the stream ends — the client leaving included, or subscriptions would leak.
@Suite struct HeldStreamTests {
    /// The streams the route opened, for the test to write to, and how many have ended.
    final class Streams: Sendable {
        let opened = Mutex<[ResponseStream]>([])
        let ended = Atomic<Int>(0)
    }

    static func withStreamServer(_ backend: EventLoopBackend, _ body: (Int, Streams) throws -> Void) throws {
        let streams = Streams()
        var router = Router()
        router.get("/stream") { _ in
            .stream(StreamedResponse(head: Response(headers: ["Content-Type": "text/event-stream"]),
                                     farewell: Array(": bye\n\n".utf8)) { stream in
                stream.onEnd { streams.ended.add(1, ordering: .relaxed) }
                stream.send(Array("first\n".utf8))
                streams.opened.withLock { $0.append(stream) }
            })
        }
        let configuration = ServerConfiguration(listeners: [.init(host: "127.0.0.1", port: 0)], backend: backend,
                                                loopCount: 1)
        let server = HTTPServer(configuration: configuration, router: router, log: quietLog)
        let port = try server.start()[0]
        defer {
            let done = DispatchSemaphore(value: 0)
            server.shutdown { _ in done.signal() }
            done.wait()
        }
        try body(port, streams)
    }

    @Test(arguments: [EventLoopBackend.epoll, .dispatch])
    func http10StreamsEndWithTheConnectionAndFinishWritesLast(_ backend: EventLoopBackend) throws {
        try Self.withStreamServer(backend) { port, streams in
            let client = try RawClient(port: port)
            try client.send("GET /stream HTTP/1.0\r\n\r\n")
            #expect(eventually { streams.opened.withLock { $0.count } == 1 })
            let stream = try #require(streams.opened.withLock { $0.first })
            stream.send(Array("second\n".utf8))
            stream.finish(Array("last\n".utf8))
            let text = String(decoding: client.bytesUntilClose() ?? [], as: UTF8.self)
            #expect(text.hasPrefix("HTTP/1.1 200 OK\r\n"))
            #expect(!text.contains("Content-Length") && !text.contains("Transfer-Encoding"))
            #expect(text.contains("Connection: close\r\n"))
            #expect(text.hasSuffix("\r\n\r\nfirst\nsecond\nlast\n"))
            #expect(eventually { streams.ended.load(ordering: .relaxed) == 1 })
            stream.send(Array("after the end\n".utf8))   // dropped, harmlessly
        }
    }

    @Test(arguments: [EventLoopBackend.epoll, .dispatch])
    func http11StreamsAreChunkedAndTheClientLeavingEndsThem(_ backend: EventLoopBackend) throws {
        try Self.withStreamServer(backend) { port, streams in
            let leaving = try RawClient(port: port)
            try leaving.send(get("/stream"))
            let finished = try RawClient(port: port)
            try finished.send(get("/stream"))
            #expect(eventually { streams.opened.withLock { $0.count } == 2 })
            leaving.shutdownWrite()   // EOF from a stream's client: it is gone
            #expect(eventually { streams.ended.load(ordering: .relaxed) == 1 })
            let stream = try #require(streams.opened.withLock { $0.first { !$0.isEnded } })
            stream.finish()
            let text = String(decoding: finished.bytesUntilClose() ?? [], as: UTF8.self)
            #expect(text.contains("Transfer-Encoding: chunked\r\n"))
            #expect(text.hasSuffix("\r\n\r\n6\r\nfirst\n\r\n0\r\n\r\n"), "one chunk, then the last chunk")
            #expect(eventually { streams.ended.load(ordering: .relaxed) == 2 })
        }
    }
}
