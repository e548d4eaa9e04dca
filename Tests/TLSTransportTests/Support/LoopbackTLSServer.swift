import Dispatch
import Glibc
import HTTPServer
import Synchronization
import TLSTransport
import TestSupport

/// A one-connection blocking server on 127.0.0.1 that runs a `TLSSession` between the socket and a
/// trivial HTTP responder, the way the engine will: socket bytes → unwrap, responses → wrap. It lets
/// real clients (curl, openssl s_client) talk to the transport before the engine exists.
final class LoopbackTLSServer: Sendable {
    /// What the server saw on its one connection.
    struct Record: Sendable {
        var requestsServed = 0
        var error: TransportError?
    }

    let port: UInt16
    private let listener: Int32
    private let record = Mutex(Record())
    private let finished = DispatchSemaphore(value: 0)

    init(factory: TLSTransportFactory) throws {
        // Close-on-exec: tests in the same process spawn `agora`, which must not inherit this listener (a test that
        // finds the child's port from /proc took this one for the server's and waited forever).
        let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard listener >= 0 else { throw SocketFailure(call: "socket") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { generic in
                bind(listener, generic, length) == 0 && listen(listener, 1) == 0
                    && getsockname(listener, generic, &length) == 0
            }
        }
        guard bound else { close(listener); throw SocketFailure(call: "bind/listen") }
        self.listener = listener
        port = UInt16(bigEndian: address.sin_port)
        // Bounds a test whose client never connects: accept and read give up after 10 s.
        var timeout = timeval(tv_sec: 10, tv_usec: 0)
        setsockopt(listener, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        DispatchQueue.global().async { [self] in
            serveOneConnection(factory: factory)
            finished.signal()
        }
    }

    deinit {
        close(listener)
    }

    /// Waits for the connection to end and returns what happened on it.
    func result() -> Record {
        finished.wait()
        return record.withLock { $0 }
    }

    private func serveOneConnection(factory: TLSTransportFactory) {
        let connection = accept(listener, nil, nil)
        guard connection >= 0 else { return }
        defer { close(connection) }
        var timeout = timeval(tv_sec: 10, tv_usec: 0)
        setsockopt(connection, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        do throws(TransportError) {
            let session = try factory.makeTransport()
            var plaintext: [UInt8] = []
            var buffer = [UInt8](repeating: 0, count: 16_384)
            while true {
                let count = read(connection, &buffer, buffer.count)
                guard count > 0 else { return }
                var reply: [UInt8] = []
                defer { writeAll(reply, to: connection) }  // an alert, when unwrap throws
                try session.unwrapBytes(buffer[0..<count], into: &plaintext, reply: &reply)
                // Before any response: TLS 1.3 session tickets in `reply` precede the response records.
                writeAll(reply, to: connection)
                reply.removeAll()
                while let end = headerEnd(in: plaintext) {
                    let head = String(decoding: plaintext[..<end], as: UTF8.self)
                    plaintext.removeSubrange(..<(end + 4))
                    let path = head.split(separator: " ").dropFirst().first.map(String.init) ?? "?"
                    let body = "hello \(path)\n"
                    let response = "HTTP/1.1 200 OK\r\nContent-Length: \(body.utf8.count)\r\n\r\n\(body)"
                    var wire: [UInt8] = []
                    try session.wrapBytes(response.utf8, into: &wire)
                    writeAll(wire, to: connection)
                    record.withLock { $0.requestsServed += 1 }
                }
            }
        } catch {
            record.withLock { $0.error = error }
        }
    }

    private func headerEnd(in bytes: [UInt8]) -> Int? {
        guard bytes.count >= 4 else { return nil }
        return (0...(bytes.count - 4)).first { bytes[$0..<($0 + 4)].elementsEqual([13, 10, 13, 10]) }
    }

    private func writeAll(_ bytes: [UInt8], to connection: Int32) {
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { write(connection, $0.baseAddress, $0.count) }
            guard written > 0 else { return }
            offset += written
        }
    }
}
