import COpenSSL

/// Cryptographically secure random bytes from OpenSSL's DRBG (`RAND_bytes`, seeded from the kernel).
public enum SecureRandom {
    /// `count` random bytes. Stops the process if the generator fails: handing out predictable bytes
    /// for tokens would be worse than not running.
    public static func bytes(_ count: Int) -> [UInt8] {
        precondition((0...Int(Int32.max)).contains(count), "SecureRandom.bytes: count \(count) out of range")
        guard count > 0 else { return [] }
        var output = [UInt8](repeating: 0, count: count)
        let succeeded = output.withUnsafeMutableBufferPointer { buffer in
            RAND_bytes(buffer.baseAddress, Int32(buffer.count))
        }
        guard succeeded == 1 else {
            ERR_clear_error()
            fatalError("libcrypto RAND_bytes failed; refusing to continue without secure randomness")
        }
        return output
    }
}
