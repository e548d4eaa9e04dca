import COpenSSL

/// Whether `a` and `b` hold the same bytes, taking the same time wherever they differ (`CRYPTO_memcmp`),
/// so comparing a presented token's hash with a stored one leaks nothing through timing. Different
/// lengths return false at once: only the length is revealed, and hashes all have the same length.
public func constantTimeEquals(_ a: [UInt8], _ b: [UInt8]) -> Bool {
    guard a.count == b.count else { return false }
    guard !a.isEmpty else { return true }
    return a.withUnsafeBytes { left in
        b.withUnsafeBytes { right in
            CRYPTO_memcmp(left.baseAddress, right.baseAddress, left.count) == 0
        }
    }
}
