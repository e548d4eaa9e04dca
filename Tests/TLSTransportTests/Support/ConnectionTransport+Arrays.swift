import HTTPServer

/// Array-taking forms of `unwrap`/`wrap` for tests (`withUnsafeBytes` only rethrows untyped errors).
extension ConnectionTransport {
    func unwrapBytes(
        _ bytes: some Collection<UInt8>, into plaintext: inout [UInt8], reply: inout [UInt8]
    ) throws(TransportError) {
        var failure: TransportError?
        Array(bytes).withUnsafeBytes { input in
            do throws(TransportError) {
                try unwrap(input, into: &plaintext, reply: &reply)
            } catch {
                failure = error
            }
        }
        if let failure { throw failure }
    }

    func wrapBytes(_ bytes: some Collection<UInt8>, into output: inout [UInt8]) throws(TransportError) {
        var failure: TransportError?
        Array(bytes).withUnsafeBytes { input in
            do throws(TransportError) {
                try wrap(input, into: &output)
            } catch {
                failure = error
            }
        }
        if let failure { throw failure }
    }
}
