import HTTPServer
import TLSTransport

/// What became of an in-memory handshake.
enum HandshakeOutcome: Equatable {
    case established
    case serverFailed(TransportError)
    case clientFailed(String)
    case stalled
}

/// A client and a server session wired back to back through byte arrays, as the engine wires a socket.
final class Conversation {
    let client: TestTLSClient
    let server: any ConnectionTransport
    /// Application bytes the server has decrypted so far.
    var serverReceived: [UInt8] = []
    /// Every byte the client has sent to the server (to check that something really went over the wire).
    var bytesSentToServer = 0

    init(client: TestTLSClient, server: any ConnectionTransport) {
        self.client = client
        self.server = server
    }

    /// Passes bytes back and forth until both sides finish the handshake or one of them gives up.
    func handshake() -> HandshakeOutcome {
        for _ in 0..<10 {
            let step = client.handshake()
            if case .failed(let message) = step { return .clientFailed(message) }
            do {
                try deliverToServer(client.takeOutput())
            } catch {
                return .serverFailed(error)
            }
            if step == .done && !server.isHandshaking { return .established }
        }
        return .stalled
    }

    /// Feeds `bytes` to the server, in chunks of `chunkSize` (one unwrap call each), and passes any reply
    /// straight back to the client.
    func deliverToServer(_ bytes: [UInt8], chunkSize: Int? = nil) throws(TransportError) {
        bytesSentToServer += bytes.count
        let size = max(chunkSize ?? bytes.count, 1)
        var start = 0
        repeat {
            let end = min(start + size, bytes.count)
            var reply: [UInt8] = []
            defer { client.receive(reply) }
            try server.unwrapBytes(bytes[start..<end], into: &serverReceived, reply: &reply)
            start = end
        } while start < bytes.count
    }

    /// The server encrypts `text`; the client receives and decrypts it.
    func serverSends(_ text: String) throws(TransportError) -> String {
        var wire: [UInt8] = []
        try server.wrapBytes(text.utf8, into: &wire)
        client.receive(wire)
        return String(decoding: client.read().bytes, as: UTF8.self)
    }

    /// The client encrypts `text` and the server unwraps it; returns everything the server decrypted.
    func clientSends(_ text: String) throws(TransportError) -> String {
        client.send(text)
        try deliverToServer(client.takeOutput())
        return String(decoding: serverReceived, as: UTF8.self)
    }
}
