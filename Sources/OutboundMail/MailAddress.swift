/// A mailbox (RFC 5322 §3.4): an address and an optional display name, encoded (RFC 2047) when it is not ASCII.
public struct MailAddress: Sendable, Equatable {
    public var address: String
    public var name: String?

    public init(address: String, name: String? = nil) {
        self.address = address
        self.name = name
    }

    /// Whether the address can go into an SMTP path and a header safely: one `@`, no spaces, controls, angle
    /// brackets or commas (a registration's address is checked at the API already; this guards header injection).
    public var isPlausible: Bool {
        let bytes = Array(address.utf8)
        return bytes.filter { $0 == UInt8(ascii: "@") }.count == 1 && !bytes.isEmpty
            && !bytes.contains { $0 <= 32 || $0 == 127 || $0 == UInt8(ascii: "<") || $0 == UInt8(ascii: ">") || $0 == UInt8(ascii: ",") }
    }

    var header: String {
        guard let name, !name.isEmpty else { return "<\(address)>" }
        return EncodedWord.phrase(name) + " <\(address)>"
    }
}
