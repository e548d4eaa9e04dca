#if canImport(Glibc)
import Glibc
#endif

/// Which resolved addresses a request may connect to. Checked after DNS resolution, on the addresses actually
/// dialled, so a public name that resolves to 127.0.0.1 or 10.0.0.5 (DNS rebinding) is refused like the literal.
public struct AddressPolicy: Sendable {
    /// Hosts (as written in URLs, lowercased) that may resolve to private or loopback addresses: receivers on the
    /// operator's own network, and the tests' loopback receiver.
    public let allowedHosts: Set<String>

    public init(allowedHosts: Set<String> = []) {
        self.allowedHosts = Set(allowedHosts.map { $0.lowercased() })
    }

    public func allowsPrivateAddresses(for host: String) -> Bool {
        allowedHosts.contains(host.lowercased())
    }

    /// Whether an IPv4 address (4 bytes, network order) is not publicly routable: RFC 1122 §3.2.1.3 (0/8,
    /// 127/8), RFC 1918 (10/8, 172.16/12, 192.168/16), RFC 6598 (100.64/10), RFC 3927 (169.254/16), multicast
    /// and reserved (224/3).
    static func isPrivate(ipv4 bytes: [UInt8]) -> Bool {
        let (a, b) = (bytes[0], bytes[1])
        return a == 0 || a == 10 || a == 127 || (a == 100 && (64...127).contains(b)) || (a == 169 && b == 254)
            || (a == 172 && (16...31).contains(b)) || (a == 192 && b == 168) || a >= 224
    }

    /// Whether an IPv6 address (16 bytes) is not publicly routable: unspecified and loopback (RFC 4291 §2.5.2-3),
    /// IPv4-mapped (§2.5.5.2, judged as IPv4), unique local fc00::/7 (RFC 4193), link-local fe80::/10, multicast.
    static func isPrivate(ipv6 bytes: [UInt8]) -> Bool {
        if bytes[0..<15].allSatisfy({ $0 == 0 }) { return true }
        if bytes[0..<10].allSatisfy({ $0 == 0 }) && bytes[10] == 0xff && bytes[11] == 0xff {
            return isPrivate(ipv4: Array(bytes[12..<16]))
        }
        return (bytes[0] & 0xfe) == 0xfc || (bytes[0] == 0xfe && (bytes[1] & 0xc0) == 0x80) || bytes[0] == 0xff
    }

    /// Whether the address `info` points at is private (see above).
    static func isPrivate(_ address: UnsafePointer<sockaddr>) -> Bool {
        switch Int32(address.pointee.sa_family) {
        case AF_INET:
            return address.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { pointer in
                var raw = pointer.pointee.sin_addr
                return withUnsafeBytes(of: &raw) { isPrivate(ipv4: Array($0)) }
            }
        case AF_INET6:
            return address.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { pointer in
                var raw = pointer.pointee.sin6_addr
                return withUnsafeBytes(of: &raw) { isPrivate(ipv6: Array($0)) }
            }
        default:
            return true
        }
    }
}
