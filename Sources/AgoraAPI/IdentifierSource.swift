import Cryptography

/// Where new ids and secrets come from (registration ids, cancellation tokens); injected so tests are
/// deterministic. The default draws 128 bits from the system's secure generator, as lowercase hex.
public struct IdentifierSource: Sendable {
    public let next: @Sendable () -> String

    public init(_ next: @escaping @Sendable () -> String) {
        self.next = next
    }

    public static let random = IdentifierSource {
        let hex = Array("0123456789abcdef".utf8)
        return String(decoding: SecureRandom.bytes(16).flatMap { [hex[Int($0 >> 4)], hex[Int($0 & 0xF)]] },
                      as: UTF8.self)
    }
}
