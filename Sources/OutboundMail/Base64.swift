/// Base64 (RFC 4648 §4) for MIME bodies and encoded-words; body lines of 76 characters (RFC 2045 §6.8).
enum Base64 {
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

    static func encode(_ bytes: [UInt8]) -> String {
        var output: [UInt8] = []
        output.reserveCapacity((bytes.count + 2) / 3 * 4)
        var index = 0
        while index < bytes.count {
            let b0 = bytes[index]
            let b1 = index + 1 < bytes.count ? bytes[index + 1] : 0
            let b2 = index + 2 < bytes.count ? bytes[index + 2] : 0
            output.append(alphabet[Int(b0 >> 2)])
            output.append(alphabet[Int((b0 & 0x03) << 4 | b1 >> 4)])
            output.append(index + 1 < bytes.count ? alphabet[Int((b1 & 0x0F) << 2 | b2 >> 6)] : UInt8(ascii: "="))
            output.append(index + 2 < bytes.count ? alphabet[Int(b2 & 0x3F)] : UInt8(ascii: "="))
            index += 3
        }
        return String(decoding: output, as: UTF8.self)
    }

    static func lines(_ bytes: [UInt8]) -> [String] {
        let text = Array(encode(bytes).utf8)
        var result: [String] = []
        var start = 0
        while start < text.count {
            let end = min(start + 76, text.count)
            result.append(String(decoding: text[start..<end], as: UTF8.self))
            start = end
        }
        return result
    }

    /// For AUTH PLAIN/LOGIN (RFC 4954 §4).
    public static func ascii(_ text: String) -> String { encode(Array(text.utf8)) }
}
