import TestSupport

/// An HTTP/1.1 client over TLS on a real socket: `TestTLSClient` (OpenSSL over memory BIOs) moves the records,
/// this class moves them through the socket, the way the engine does on the other side.
final class TLSSocketClient: SocketClient {
    let tls: TestTLSClient
    private var plaintext: [UInt8] = []

    init(port: Int, options: TestTLSClient.Options = .init()) throws {
        tls = TestTLSClient(options)
        try super.init(port: port)
    }

    /// Runs the handshake to its end: `.done`, or `.failed` with OpenSSL's reason (or "closed" when the server
    /// hung up without a word).
    func handshake(timeout: Duration = .seconds(5)) throws -> TestTLSClient.Step {
        while true {
            let step = tls.handshake()
            try sendRaw(tls.takeOutput())
            if step != .needsInput { return step }
            guard let bytes = try receiveRaw(timeout: timeout) else { return .failed("closed") }
            tls.receive(bytes)
        }
    }

    func send(_ text: String) throws {
        tls.send(text)
        try sendRaw(tls.takeOutput())
    }

    /// Reads one response with a Content-Length body.
    func readResponse(timeout: Duration = .seconds(5)) throws -> HTTPReply {
        while true {
            if let reply = HTTPReply.take(from: &plaintext) { return reply }
            guard let bytes = try receiveRaw(timeout: timeout) else { throw SocketFailure(call: "closed mid-response") }
            tls.receive(bytes)
            plaintext += tls.read().bytes
        }
    }
}
