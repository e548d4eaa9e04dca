import Cryptography

/// A strong entity tag (RFC 9110 §8.8.3) derived from the representation's bytes: it changes exactly when the
/// bytes (or their `Content-Language`) change, whatever happens elsewhere in the state. 128 bits of SHA-256 in
/// hex — collisions are not a practical concern and the header stays short.
public struct EntityTag: Hashable, Sendable, CustomStringConvertible {
    /// The opaque part, without quotes.
    public let opaque: String

    public init(opaque: String) {
        self.opaque = opaque
    }

    public init(body: [UInt8], contentLanguage: String? = nil) {
        var input = body
        if let contentLanguage { input += Array("\u{0}\(contentLanguage)".utf8) }
        let digest = SHA256.hash(input)
        let hex = Array("0123456789abcdef".utf8)
        var text: [UInt8] = []
        text.reserveCapacity(32)
        for byte in digest.prefix(16) {
            text.append(hex[Int(byte >> 4)])
            text.append(hex[Int(byte & 0xF)])
        }
        self.opaque = String(decoding: text, as: UTF8.self)
    }

    /// The header value, quoted: `"3f2a…"`.
    public var description: String { "\"\(opaque)\"" }
}
