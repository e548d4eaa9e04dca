import Foundation

/// One parsed HTTP/1.1 response: what `send` reads from a fresh loopback connection (`Connection: close`, read to the
/// close), or what `take(from:)` cuts off the front of a stream of plaintext (the TLS tests, Content-Length framing).
public struct HTTPReply: Sendable {
    public var status: Int
    public var headers: [(name: String, value: String)]
    public var body: [UInt8]

    public init(status: Int, headers: [(name: String, value: String)], body: [UInt8]) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    public var text: String { String(decoding: body, as: UTF8.self) }
    public var json: [String: Any] { (try? JSONSerialization.jsonObject(with: Data(body))) as? [String: Any] ?? [:] }

    public func header(_ name: String) -> String? {
        headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }

    /// JSON pointers of a 422's `errors`.
    public var pointers: [String] {
        (json["errors"] as? [[String: Any]] ?? []).compactMap { $0["pointer"] as? String }
    }

    /// One exchange over a fresh connection to 127.0.0.1:`port`: `Connection: close`, a Content-Length when there is
    /// a body, then everything up to the server's close (waiting at most `timeout` for each read).
    public static func send(port: Int, method: String, path: String, headers: [(String, String)], body: [UInt8]?,
                            timeout: Duration = .seconds(10)) throws -> HTTPReply {
        let connection = try SocketClient(port: port)
        var text = "\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
        for (name, value) in headers { text += "\(name): \(value)\r\n" }
        if let body { text += "Content-Length: \(body.count)\r\n" }
        // A server may answer (413, 401) and close before reading the whole body: what it said still counts.
        try? connection.sendRaw(Array((text + "\r\n").utf8) + (body ?? []))
        guard let received = connection.bytesUntilClose(timeout: timeout) else { throw SocketFailure(call: "timed out") }
        guard let end = ResponseHead.end(in: received), let head = ResponseHead(received[..<end]) else {
            throw SocketFailure(call: "malformed response: \(String(decoding: received, as: UTF8.self))")
        }
        return HTTPReply(status: head.status, headers: head.headers, body: Array(received[(end + 4)...]))
    }

    /// `GET target` with `headers` over a fresh connection (see `send`).
    public static func get(port: Int, _ target: String, _ headers: [(String, String)] = []) throws -> HTTPReply {
        try send(port: port, method: "GET", path: target, headers: headers, body: nil)
    }

    /// Removes one complete response with a Content-Length body from the front of `buffer`, if there is one.
    public static func take(from buffer: inout [UInt8]) -> HTTPReply? {
        guard let end = ResponseHead.end(in: buffer), let head = ResponseHead(buffer[..<end]) else { return nil }
        let length = head.header("Content-Length").flatMap { Int($0) } ?? 0
        guard buffer.count >= end + 4 + length else { return nil }
        let body = Array(buffer[(end + 4)..<(end + 4 + length)])
        buffer.removeFirst(end + 4 + length)
        return HTTPReply(status: head.status, headers: head.headers, body: body)
    }
}

/// `GET path` over a fresh connection: the status and body, or nil on a socket error (for binary tests that poll).
public func httpGet(port: Int, path: String) -> (status: Int, body: String)? {
    httpExchange(port: port, method: "GET", path: path, headers: [], body: nil)
}

/// One request with a JSON body (or none) over a fresh connection: the status and body, or nil on a socket error.
public func httpExchange(port: Int, method: String, path: String, headers: [(String, String)], body: String?)
    -> (status: Int, body: String)? {
    let json = body.map { _ in [("Content-Type", "application/json")] } ?? []
    guard let reply = try? HTTPReply.send(port: port, method: method, path: path, headers: headers + json,
                                          body: body.map { Array($0.utf8) }, timeout: .seconds(5)) else { return nil }
    return (reply.status, reply.text)
}
