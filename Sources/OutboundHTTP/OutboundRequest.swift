/// One request a client sends: always with a body (a webhook delivery is a POST), `Connection: close`.
public struct OutboundRequest: Sendable {
    public var method: String
    public var url: OutboundURL
    /// Header fields besides `Host`, `Content-Length` and `Connection`, which the client writes.
    public var headers: [(name: String, value: String)]
    public var body: [UInt8]

    public init(method: String = "POST", url: OutboundURL, headers: [(name: String, value: String)], body: [UInt8]) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
    }

    /// The bytes on the wire (RFC 9112 §3, §6.2): request line, Host, the fields, Content-Length, the body.
    var serialized: [UInt8] {
        var head = "\(method) \(url.target) HTTP/1.1\r\nHost: \(url.hostHeader)\r\n"
        for (name, value) in headers { head += "\(name): \(value)\r\n" }
        head += "Content-Length: \(body.count)\r\nConnection: close\r\n\r\n"
        return Array(head.utf8) + body
    }
}
