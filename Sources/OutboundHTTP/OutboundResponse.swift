/// What a receiver answered: its status and header fields (names lowercased). The body is read and dropped (at
/// most `OutboundClient.maxResponseBytes`): a webhook receiver's answer means only its status.
public struct OutboundResponse: Sendable, Equatable {
    public let status: Int
    public let headers: [(name: String, value: String)]

    public init(status: Int, headers: [(name: String, value: String)]) {
        self.status = status
        self.headers = headers
    }

    public subscript(name: String) -> String? {
        let lower = name.lowercased()
        return headers.first { $0.name == lower }?.value
    }

    public static func == (lhs: OutboundResponse, rhs: OutboundResponse) -> Bool {
        lhs.status == rhs.status && lhs.headers.map(\.name) == rhs.headers.map(\.name)
            && lhs.headers.map(\.value) == rhs.headers.map(\.value)
    }
}
