import Cryptography

/// A name-based UUID of version 5 (RFC 9562 §5.5): the SHA-1 of a namespace UUID's 16 bytes followed by the name's
/// bytes, cut to 16 bytes, with the version (0101) in the high nibble of octet 6 and the variant (10) in the two
/// high bits of octet 8. Anyone with the namespace and the name gets the same UUID, so an export's `guid`s stay the
/// same from one download to the next and a schedule app recognises a moved talk as the same talk.
public struct NameBasedUUID: Hashable, Sendable, CustomStringConvertible {
    public let bytes: [UInt8]

    /// RFC 9562 §6.6, the namespace for names that are URLs (or, as here, URNs).
    public static let urlNamespace = NameBasedUUID(uncheckedBytes: [
        0x6b, 0xa7, 0xb8, 0x11, 0x9d, 0xad, 0x11, 0xd1, 0x80, 0xb4, 0x00, 0xc0, 0x4f, 0xd4, 0x30, 0xc8,
    ])

    /// RFC 9562 §6.6, the namespace for fully qualified domain names (its test vector, Appendix A.4, uses it).
    public static let dnsNamespace = NameBasedUUID(uncheckedBytes: [
        0x6b, 0xa7, 0xb8, 0x10, 0x9d, 0xad, 0x11, 0xd1, 0x80, 0xb4, 0x00, 0xc0, 0x4f, 0xd4, 0x30, 0xc8,
    ])

    private init(uncheckedBytes: [UInt8]) { bytes = uncheckedBytes }

    /// The version-5 UUID of `name` (its UTF-8 bytes, RFC 9562 §6.5 leaves the encoding to the namespace) in
    /// `namespace`.
    public init(name: String, in namespace: NameBasedUUID = .urlNamespace) {
        var digest = SHA1.hash(namespace.bytes + Array(name.utf8))
        digest.removeLast(digest.count - 16)
        digest[6] = (digest[6] & 0x0F) | 0x50
        digest[8] = (digest[8] & 0x3F) | 0x80
        bytes = digest
    }

    /// The version nibble (5 for every UUID this type derives).
    public var version: Int { Int(bytes[6] >> 4) }

    /// The 8-4-4-4-12 lowercase hex form (RFC 9562 §4).
    public var description: String {
        let digits = Array("0123456789abcdef".utf8)
        var text: [UInt8] = []
        text.reserveCapacity(36)
        for (index, byte) in bytes.enumerated() {
            if index == 4 || index == 6 || index == 8 || index == 10 { text.append(UInt8(ascii: "-")) }
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: text, as: UTF8.self)
    }

    /// A positive 31-bit number from the UUID's first octets, for formats that still want an integer id next to the
    /// UUID (frab's `id`). Stable like the UUID; two of them collide with probability about n²/2³².
    public var positiveInteger: Int {
        let value = (Int(bytes[0] & 0x7F) << 24) | (Int(bytes[1]) << 16) | (Int(bytes[2]) << 8) | Int(bytes[3])
        return value == 0 ? 1 : value
    }
}
