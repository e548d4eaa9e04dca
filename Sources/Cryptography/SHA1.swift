import COpenSSL

/// SHA-1 (FIPS 180-4) from libcrypto. Not for security: SHA-1 is broken for collision resistance. It is here
/// because name-based UUIDs of version 5 are defined on it (RFC 9562 §5.5), and the exports derive stable UUIDs
/// that other systems must be able to recompute from the same namespace and name.
public enum SHA1 {
    /// Length of a digest in bytes.
    public static let digestLength = 20

    /// The 20-byte digest of `bytes`.
    public static func hash(_ bytes: some Sequence<UInt8>) -> [UInt8] {
        if let digest = bytes.withContiguousStorageIfAvailable({ digest(UnsafeRawBufferPointer($0)) }) {
            return digest
        }
        return Array(bytes).withUnsafeBytes { digest($0) }
    }

    /// The digest as 40 lowercase hex digits.
    public static func hex(_ bytes: some Sequence<UInt8>) -> String {
        hexString(hash(bytes))
    }

    private static func digest(_ input: UnsafeRawBufferPointer) -> [UInt8] {
        var output = [UInt8](repeating: 0, count: digestLength)
        var length: UInt32 = 0
        let succeeded = output.withUnsafeMutableBufferPointer { buffer in
            EVP_Digest(input.baseAddress, input.count, buffer.baseAddress, &length, EVP_sha1(), nil)
        }
        // Only a broken libcrypto installation (no default provider) fails here; there is no safe fallback.
        guard succeeded == 1, length == UInt32(digestLength) else {
            ERR_clear_error()
            fatalError("libcrypto could not compute SHA-1 (is the OpenSSL default provider available?)")
        }
        return output
    }
}
