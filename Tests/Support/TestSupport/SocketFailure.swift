#if canImport(Glibc)
import Glibc
#endif

/// A loopback socket call failed or timed out; the message names the call (and errno's text when there is one).
public struct SocketFailure: Error, CustomStringConvertible {
    public let call: String
    public let errno: Int32?

    public init(call: String, errno: Int32? = nil) {
        self.call = call
        self.errno = errno
    }

    public var description: String {
        guard let errno else { return call }
        return "\(call): \(String(cString: strerror(errno)))"
    }
}
