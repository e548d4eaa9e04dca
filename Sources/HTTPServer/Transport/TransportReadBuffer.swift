/// The scratch space a loop's TLS connections receive ciphertext into: allocated once per loop on the first TLS read
/// instead of a fresh 16 KiB array per read (the ciphertext is consumed by `unwrap` before the read returns, so one
/// buffer serves every connection of the loop in turn). Used on its loop's thread only.
final class TransportReadBuffer {
    /// One maximal TLS record (16 KiB of plaintext plus header, padding and tag, RFC 8446 §5.2), so a read can hold a
    /// whole record.
    static let capacity = 16_384 + 2_048

    private var storage: UnsafeMutableRawBufferPointer?

    /// The buffer, allocated on first use.
    var space: UnsafeMutableRawBufferPointer {
        if let storage { return storage }
        let made = UnsafeMutableRawBufferPointer.allocate(byteCount: Self.capacity, alignment: 16)
        storage = made
        return made
    }

    deinit {
        storage?.deallocate()
    }
}
