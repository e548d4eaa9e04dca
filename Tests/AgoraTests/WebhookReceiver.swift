// A webhook receiver on 127.0.0.1 for the binary tests: answers every POST `204 No Content` and keeps each
// delivery's `webhook-id` and the `sequence` its body names, so a test counts what arrived and how often.
import Foundation
import Glibc
import Synchronization
import TestSupport

final class WebhookReceiver: Sendable {
    struct Delivery: Sendable, Equatable {
        let id: String
        let sequence: Int
    }

    let port: Int
    private let fd: Int32
    private let log = DeliveryLog()

    /// The deliveries, shared between the accept thread (appends) and the test (reads).
    final class DeliveryLog: Sendable {
        private let entries = Mutex<[Delivery]>([])
        func append(_ delivery: Delivery) { entries.withLock { $0.append(delivery) } }
        var all: [Delivery] { entries.withLock { $0 } }
    }

    init() throws {
        let (listener, port) = try LoopbackListener.open()
        self.port = port
        fd = listener
        Thread.detachNewThread { [log] in
            while true {
                let client = accept(listener, nil, nil)
                guard client >= 0 else { return }
                if let delivery = Self.read(client) { log.append(delivery) }
                let answer = Array("HTTP/1.1 204 No Content\r\nConnection: close\r\n\r\n".utf8)
                _ = answer.withUnsafeBytes { send(client, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
                close(client)
            }
        }
    }

    deinit {
        shutdown(fd, Int32(SHUT_RDWR))
        close(fd)
    }

    /// Everything delivered so far, in arrival order.
    var deliveries: [Delivery] { log.all }

    /// Reads one request (head and Content-Length body); its webhook-id and the body's sequence.
    private static func read(_ client: Int32) -> Delivery? {
        var buffer = [UInt8](repeating: 0, count: 65_536)
        var request: [UInt8] = []
        while true {
            let count = buffer.withUnsafeMutableBytes { recv(client, $0.baseAddress, $0.count, 0) }
            guard count > 0 else { return nil }
            request += buffer[0..<count]
            let text = String(decoding: request, as: UTF8.self)
            guard let end = text.range(of: "\r\n\r\n") else { continue }
            let lines = text[..<end.lowerBound].split(separator: "\r\n")
            func header(_ name: String) -> String? {
                lines.first { $0.lowercased().hasPrefix(name + ":") }
                    .map { $0.dropFirst(name.count + 1).trimmingCharacters(in: .whitespaces) }
            }
            let length = header("content-length").flatMap { Int($0) } ?? 0
            let body = text[end.upperBound...]
            guard body.utf8.count >= length else { continue }
            let json = (try? JSONSerialization.jsonObject(with: Data(body.utf8))) as? [String: Any]
            guard let id = header("webhook-id"), let sequence = json?["sequence"] as? Int else { return nil }
            return Delivery(id: id, sequence: sequence)
        }
    }
}
