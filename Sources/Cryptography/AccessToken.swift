/// Bearer tokens for the API: 32 random bytes (256 bits), base64url without padding (RFC 4648 §5), so a
/// token is 43 characters that need no escaping in a header, URL or config file. Only the SHA-256 of a
/// token is stored in configuration.
public enum AccessToken {
    /// Bytes of randomness in a token.
    public static let byteCount = 32

    /// A new token and the hex SHA-256 of its text (what goes into the config file).
    public static func generate() -> (token: String, sha256Hex: String) {
        let token = base64URLEncoded(SecureRandom.bytes(byteCount))
        return (token, SHA256.hex(token))
    }

    /// Whether a presented token hashes to `sha256Hex` (case-insensitive hex), compared in constant time.
    public static func matches(_ token: String, sha256Hex: String) -> Bool {
        constantTimeEquals(Array(SHA256.hex(token).utf8), Array(sha256Hex.lowercased().utf8))
    }

    /// RFC 4648 §5 base64url ("-" and "_" for "+" and "/"), without "=" padding (§3.2 allows omitting it
    /// when the length is known from elsewhere).
    static func base64URLEncoded(_ bytes: [UInt8]) -> String {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)
        var text: [UInt8] = []
        text.reserveCapacity((bytes.count * 4 + 2) / 3)
        var index = 0
        while index < bytes.count {
            let remaining = bytes.count - index
            let first = UInt32(bytes[index])
            let second = remaining > 1 ? UInt32(bytes[index + 1]) : 0
            let third = remaining > 2 ? UInt32(bytes[index + 2]) : 0
            let group = first << 16 | second << 8 | third
            text.append(alphabet[Int(group >> 18 & 0x3F)])
            text.append(alphabet[Int(group >> 12 & 0x3F)])
            if remaining > 1 { text.append(alphabet[Int(group >> 6 & 0x3F)]) }
            if remaining > 2 { text.append(alphabet[Int(group & 0x3F)]) }
            index += 3
        }
        return String(decoding: text, as: UTF8.self)
    }
}
