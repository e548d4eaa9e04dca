import COpenSSL

/// HMAC-SHA256 (RFC 2104, FIPS 198-1) from libcrypto's one-shot `HMAC`: what signs webhook deliveries
/// (Standard Webhooks' `v1` signature). No hand-written crypto.
public enum HMACSHA256 {
    /// Length of a MAC in bytes.
    public static let macLength = 32

    /// The 32-byte MAC of `message` under `key`.
    public static func mac(key: [UInt8], message: [UInt8]) -> [UInt8] {
        var output = [UInt8](repeating: 0, count: macLength)
        var length: UInt32 = 0
        // Never-empty buffers, so every base address exists (HMAC reads `count` bytes from each; 0 for an empty one).
        let keyBuffer = key.isEmpty ? [0] : key
        let messageBuffer = message.isEmpty ? [0] : message
        let produced = keyBuffer.withUnsafeBufferPointer { keyBytes in
            messageBuffer.withUnsafeBufferPointer { messageBytes in
                output.withUnsafeMutableBufferPointer { out in
                    HMAC(EVP_sha256(), keyBytes.baseAddress, Int32(key.count), messageBytes.baseAddress, message.count,
                         out.baseAddress, &length)
                }
            }
        }
        // Only a broken libcrypto installation (no default provider) fails here; there is no safe fallback.
        guard produced != nil, length == UInt32(macLength) else {
            ERR_clear_error()
            fatalError("libcrypto could not compute HMAC-SHA256 (is the OpenSSL default provider available?)")
        }
        return output
    }
}
