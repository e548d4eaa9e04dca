#if canImport(Glibc)
import Glibc
#endif

/// A `text/event-stream` client on one socket, for the change feed's tests and benchmark: sends the GET, reads the
/// head, undoes chunked framing, and hands back one message at a time as a client would dispatch it (WHATWG HTML
/// §9.2.6, for the LF line endings the server writes). Comments come back as messages with only `comment` set.
public final class EventStreamClient: SocketClient {
    public struct Message: Sendable, Equatable {
        public var id: String?
        public var data: String?
        public var retry: Int?
        public var comment: String?
    }

    public private(set) var status = 0
    public private(set) var headers: [(name: String, value: String)] = []
    /// The server ended the response: the last chunk (chunked), or the close.
    public private(set) var ended = false
    /// The connection closed (EOF or reset) before the response's end: the server dropped the client.
    public private(set) var cutOff = false
    private var raw: [UInt8] = []
    private var body: [UInt8] = []
    private var chunked = false
    private var headRead = false

    /// Connects and sends `GET target` with `Accept: text/event-stream` and `headers`.
    public init(port: Int, target: String, headers: [(String, String)] = [], receiveBuffer: Int32? = nil) throws {
        try super.init(port: port, receiveBuffer: receiveBuffer)
        var request = "GET \(target) HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n"
        for (name, value) in headers { request += "\(name): \(value)\r\n" }
        try sendRaw(Array((request + "\r\n").utf8))
    }

    public func header(_ name: String) -> String? {
        headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }

    /// Reads until the head is complete; returns the status.
    @discardableResult
    public func readHead(timeout: Duration = .seconds(10)) throws -> Int {
        while !headRead {
            if let offset = raw.firstOffset(of: [13, 10, 13, 10]) {
                let end = offset..<(offset + 4)
                let lines = String(decoding: raw[..<end.lowerBound], as: UTF8.self).split(separator: "\r\n")
                status = lines.first.flatMap { Int($0.split(separator: " ").dropFirst().first ?? "") } ?? 0
                headers = lines.dropFirst().compactMap { line in
                    guard let colon = line.firstIndex(of: ":") else { return nil }
                    return (String(line[..<colon]), String(line[line.index(after: colon)...]).trimmingSpaces())
                }
                chunked = header("Transfer-Encoding")?.lowercased() == "chunked"
                raw.removeSubrange(..<end.upperBound)
                headRead = true
                if status != 200 { return status }
                decode()
                return status
            }
            guard try receiveMore(timeout: timeout) else { throw SocketFailure(call: "closed before the head") }
        }
        return status
    }

    /// The next message, or nil once the response ended (or was cut off). Throws when nothing came in `timeout`.
    public func next(timeout: Duration = .seconds(10)) throws -> Message? {
        if !headRead { try readHead(timeout: timeout) }
        while true {
            if let message = takeMessage() { return message }
            if ended || cutOff { return nil }
            if !(try receiveMore(timeout: timeout)) { return nil }
        }
    }

    /// The next message that is not a comment (nil at the end).
    public func nextEvent(timeout: Duration = .seconds(10)) throws -> Message? {
        while let message = try next(timeout: timeout) {
            if message.comment == nil && (message.data != nil || message.id != nil) { return message }
        }
        return nil
    }

    /// Closes with a reset (SO_LINGER 0), as a killed client's kernel may.
    public func reset() {
        var linger = linger(l_onoff: 1, l_linger: 0)
        setsockopt(fd, SOL_SOCKET, SO_LINGER, &linger, socklen_t(MemoryLayout<linger>.size))
        shutdown(fd, Int32(SHUT_RDWR))
    }

    private func receiveMore(timeout: Duration) throws -> Bool {
        guard let bytes = try receiveRaw(timeout: timeout) else {
            if !chunked && headRead { ended = true } else { cutOff = true }
            return false
        }
        raw += bytes
        if headRead { decode() }
        return true
    }

    /// Moves decoded body bytes from `raw` to `body` (RFC 9112 §7.1).
    private func decode() {
        guard chunked else { body += raw; raw = []; return }
        while !ended, let offset = raw.firstOffset(of: [13, 10]) {
            let lineEnd = offset..<(offset + 2)
            let size = Int(String(decoding: raw[..<lineEnd.lowerBound], as: UTF8.self), radix: 16) ?? 0
            if size == 0 { ended = true; raw = []; return }
            guard raw.count >= lineEnd.upperBound + size + 2 else { return }
            body += raw[lineEnd.upperBound..<(lineEnd.upperBound + size)]
            raw.removeSubrange(..<(lineEnd.upperBound + size + 2))
        }
    }

    private func takeMessage() -> Message? {
        guard let offset = body.firstOffset(of: [10, 10]) else { return nil }
        let end = offset..<(offset + 2)
        let block = String(decoding: body[..<end.lowerBound], as: UTF8.self)
        body.removeSubrange(..<end.upperBound)
        var message = Message()
        for line in block.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix(":") { message.comment = String(line.dropFirst()).trimmingSpaces(); continue }
            let colon = line.firstIndex(of: ":") ?? line.endIndex
            let name = line[..<colon]
            var value = colon < line.endIndex ? line[line.index(after: colon)...] : ""
            if value.hasPrefix(" ") { value = value.dropFirst() }
            switch name {
            case "id": message.id = String(value)
            case "data": message.data = message.data.map { $0 + "\n" + value } ?? String(value)
            case "retry": message.retry = Int(value)
            default: break
            }
        }
        return message
    }
}
