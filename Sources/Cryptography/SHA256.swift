import COpenSSL

/// SHA-256 (FIPS 180-4) from libcrypto. Used to store and compare bearer tokens by hash, so a leaked
/// config file does not leak usable tokens.
public enum SHA256 {
    /// Length of a digest in bytes.
    public static let digestLength = 32

    /// The 32-byte digest of `bytes`.
    public static func hash(_ bytes: some Sequence<UInt8>) -> [UInt8] {
        if let digest = bytes.withContiguousStorageIfAvailable({ digest(UnsafeRawBufferPointer($0)) }) {
            return digest
        }
        return Array(bytes).withUnsafeBytes { digest($0) }
    }

    /// The digest of the string's UTF-8 bytes as 64 lowercase hex digits (the form tokens are configured in).
    public static func hex(_ string: String) -> String {
        hexString(hash(string.utf8))
    }

    private static func digest(_ input: UnsafeRawBufferPointer) -> [UInt8] {
        var output = [UInt8](repeating: 0, count: digestLength)
        var length: UInt32 = 0
        let succeeded = output.withUnsafeMutableBufferPointer { buffer in
            EVP_Digest(input.baseAddress, input.count, buffer.baseAddress, &length, EVP_sha256(), nil)
        }
        // Only a broken libcrypto installation (no default provider) fails here; there is no safe fallback.
        guard succeeded == 1, length == UInt32(digestLength) else {
            ERR_clear_error()
            fatalError("libcrypto could not compute SHA-256 (is the OpenSSL default provider available?)")
        }
        return output
    }
}

/// Lowercase hexadecimal, two digits per byte.
func hexString(_ bytes: [UInt8]) -> String {
    let digits = Array("0123456789abcdef".utf8)
    var text: [UInt8] = []
    text.reserveCapacity(bytes.count * 2)
    for byte in bytes {
        text.append(digits[Int(byte >> 4)])
        text.append(digits[Int(byte & 0x0F)])
    }
    return String(decoding: text, as: UTF8.self)
}
