/// One response as `RawClient` read it off the wire.
public struct RawResponse: Sendable {
    public var statusLine: String
    public var status: Int
    public var headers: [(String, String)]
    public var body: [UInt8]

    public init(statusLine: String, status: Int, headers: [(String, String)], body: [UInt8]) {
        self.statusLine = statusLine
        self.status = status
        self.headers = headers
        self.body = body
    }

    public func header(_ name: String) -> String? {
        headers.first { $0.0.lowercased() == name.lowercased() }?.1
    }

    public func headerCount(_ name: String) -> Int { headers.filter { $0.0.lowercased() == name.lowercased() }.count }

    public var text: String { String(decoding: body, as: UTF8.self) }
}
