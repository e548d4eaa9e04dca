import Foundation
#if canImport(Glibc)
import Glibc
#endif
import Synchronization
import TestSupport

/// A receiver on 127.0.0.1 that answers every request `204 No Content` and counts them: enough for the outbox
/// tests that need deliveries to succeed (the signature itself is checked by make webhook-test, in Python).
final class LoopbackReceiver: Sendable {
    let port: Int
    private let fd: Int32
    let received = Counter()
    /// Every request as it came in (head and body), for tests that check what was sent.
    let requests = RequestLog()

    init() throws {
        let (listener, port) = try LoopbackListener.open()
        self.port = port
        fd = listener
        let received = self.received
        let requests = self.requests
        Thread.detachNewThread {
            while true {
                let client = accept(listener, nil, nil)
                guard client >= 0 else { return }
                var buffer = [UInt8](repeating: 0, count: 65_536)
                var request: [UInt8] = []
                // Reads until the head and the Content-Length body are in (the outbox sends both in one go).
                while true {
                    let count = buffer.withUnsafeMutableBytes { recv(client, $0.baseAddress, $0.count, 0) }
                    guard count > 0 else { break }
                    request += buffer[0..<count]
                    let text = String(decoding: request, as: UTF8.self)
                    guard let end = text.range(of: "\r\n\r\n") else { continue }
                    let length = text[..<end.lowerBound].split(separator: "\r\n")
                        .first { $0.lowercased().hasPrefix("content-length:") }
                        .flatMap { Int($0.split(separator: ":")[1].trimmingCharacters(in: .whitespaces)) } ?? 0
                    if text.utf8.distance(from: text.utf8.startIndex, to: end.upperBound) + length <= request.count { break }
                }
                requests.append(String(decoding: request, as: UTF8.self))
                received.increment()
                let answer = Array("HTTP/1.1 204 No Content\r\nConnection: close\r\n\r\n".utf8)
                _ = answer.withUnsafeBytes { send(client, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
                close(client)
            }
        }
    }

    func stop() {
        shutdown(fd, Int32(SHUT_RDWR))
        close(fd)
    }
}

/// A count shared between the receiver's thread and the test.
final class Counter: Sendable {
    private let value = Mutex(0)
    func increment() { value.withLock { $0 += 1 } }
    var count: Int { value.withLock { $0 } }
}

/// The requests a `LoopbackReceiver` got, in order (its accept thread appends, tests read).
final class RequestLog: Sendable {
    private let texts = Mutex<[String]>([])
    func append(_ text: String) { texts.withLock { $0.append(text) } }
    var all: [String] { texts.withLock { $0 } }
}
