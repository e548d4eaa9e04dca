import Testing
@testable import HTTPServer
import TestSupport

/// `trustedProxies` (issue 13, item 4): CIDR ranges, and the client and scheme read from `Forwarded` (RFC 7239) or
/// `X-Forwarded-For` / `X-Forwarded-Proto` — only from a trusted peer; a header that cannot be read is ignored.
@Suite("Trusted proxies and forwarding headers")
struct TrustedProxiesTests {
    static let local = IPAddress("127.0.0.1")
    static let proxies = TrustedProxies([AddressRange("127.0.0.1"), AddressRange("10.0.0.0/8"),
                                         AddressRange("fd00::/8")].compactMap { $0 })

    func client(_ headers: [(String, String)], peer: IPAddress? = local, scheme: String = "http",
                trusting proxies: TrustedProxies = proxies) -> ForwardedClient? {
        proxies.client(peer: peer, headers: HTTPHeaders(headers.map { (name: $0.0, value: $0.1) }), scheme: scheme)
    }

    @Test func rangesOfBothFamilies() throws {
        let eight = try #require(AddressRange("10.0.0.0/8"))
        #expect(eight.contains(try #require(IPAddress("10.200.3.4"))))
        #expect(!eight.contains(try #require(IPAddress("11.0.0.1"))))
        #expect(eight.contains(try #require(IPAddress("::ffff:10.1.1.1"))), "an IPv4-mapped peer is its IPv4 address")
        let odd = try #require(AddressRange("192.168.4.0/22"))
        #expect(odd.contains(try #require(IPAddress("192.168.7.255"))))
        #expect(!odd.contains(try #require(IPAddress("192.168.8.0"))))
        let six = try #require(AddressRange("2001:db8::/32"))
        #expect(six.contains(try #require(IPAddress("2001:db8:ffff::1"))))
        #expect(!six.contains(try #require(IPAddress("2001:db9::1"))))
        #expect(!six.contains(try #require(IPAddress("10.0.0.1"))), "families never match each other")
        #expect(AddressRange("::1")?.prefixLength == 128 && AddressRange("127.0.0.1")?.prefixLength == 32)
        let anyAddress = try #require(IPAddress("203.0.113.1"))
        #expect(AddressRange("0.0.0.0/0")?.contains(anyAddress) == true)
        for invalid in ["", "abc", "10.0.0.0/33", "10.0.0.0/", "/8", "::/129", "1.2.3.4/-1", "1.2.3.4/+8",
                        "10.0.0.0/8/8", "300.1.1.1", "1.2.3", "[::1]", "::1/0x10"] {
            #expect(AddressRange(invalid) == nil, "\(invalid)")
        }
        guard case .failure(let invalid) = TrustedProxies.parse(["127.0.0.1", "10.0.0.0/8", "localhost"]) else {
            Issue.record("localhost is not a range")
            return
        }
        #expect(invalid.position == 3)
    }

    @Test func forwardedNamesTheClientAndItsScheme() {
        #expect(client([("Forwarded", "for=192.0.2.60;proto=https;by=203.0.113.43")])
                == ForwardedClient(address: "192.0.2.60", scheme: "https"))
        #expect(client([("Forwarded", #"for="[2001:db8:cafe::17]:4711""#)])
                == ForwardedClient(address: "2001:db8:cafe::17", scheme: "http"), "quoted IPv6 with a port")
        #expect(client([("Forwarded", #"for="192.0.2.43:47011";PROTO=HTTPS"#)])?.address == "192.0.2.43")
        #expect(client([("Forwarded", "For=198.51.100.17 ; proto=https")])
                == ForwardedClient(address: "198.51.100.17", scheme: "https"), "names are case-insensitive, OWS around ;")
    }

    @Test func theRightMostAddressThatIsNotATrustedProxyIsTheClient() {
        // The client forged the first element; the proxies at 10.0.0.5 and 127.0.0.1 are trusted.
        #expect(client([("Forwarded", "for=6.6.6.6, for=192.0.2.43;proto=https, for=10.0.0.5;proto=http")])
                == ForwardedClient(address: "192.0.2.43", scheme: "https"))
        #expect(client([("Forwarded", "for=6.6.6.6"), ("Forwarded", "for=192.0.2.43, for=10.0.0.5")])?.address
                == "192.0.2.43", "several fields are one list")
        let onlyLocal = TrustedProxies([AddressRange("127.0.0.1")].compactMap { $0 })
        #expect(client([("Forwarded", "for=192.0.2.43, for=10.0.0.5")], trusting: onlyLocal)?.address == "10.0.0.5",
                "an untrusted hop is the client, whatever it claims")
        #expect(client([("Forwarded", "for=10.0.0.9, for=10.0.0.5")])?.address == "10.0.0.9",
                "all trusted: the left-most")
        #expect(client([("Forwarded", #"for="[fd00::2]:80", for=_gateway"#)])?.address == "_gateway")
        #expect(client([("Forwarded", "for=_hidden;proto=https, for=10.0.0.5")])
                == ForwardedClient(address: "_hidden", scheme: "https"), "an obfuscated identifier stands for the client")
        #expect(client([("Forwarded", "for=unknown")])?.address == "unknown")
        #expect(client([("Forwarded", "proto=https")]) == ForwardedClient(address: nil, scheme: "https"),
                "no for: the scheme only, the client stays the peer")
    }

    @Test func xForwardedForAndProtoWithoutForwarded() {
        #expect(client([("X-Forwarded-For", "203.0.113.7, 10.0.0.5"), ("X-Forwarded-Proto", "https")])
                == ForwardedClient(address: "203.0.113.7", scheme: "https"))
        #expect(client([("X-Forwarded-For", "6.6.6.6,203.0.113.7"), ("X-Forwarded-For", "10.0.0.5")])?.address
                == "203.0.113.7", "several fields are one list")
        #expect(client([("X-Forwarded-For", "2001:db8::7")])?.address == "2001:db8::7")
        #expect(client([("X-Forwarded-For", "[2001:db8::7]:443, 192.0.2.1:8080")])?.address == "192.0.2.1")
        #expect(client([("X-Forwarded-Proto", "https")]) == ForwardedClient(address: nil, scheme: "https"))
        #expect(client([("X-Forwarded-For", "203.0.113.7"), ("Forwarded", "for=192.0.2.60")])?.address == "192.0.2.60",
                "Forwarded wins")
    }

    @Test func fromAnUntrustedPeerNothingIsRead() {
        let headers = [("Forwarded", "for=192.0.2.60;proto=https"), ("X-Forwarded-For", "203.0.113.7")]
        #expect(client(headers, peer: IPAddress("192.0.2.200")) == nil)
        #expect(client(headers, peer: nil) == nil)
        #expect(client(headers, trusting: TrustedProxies()) == nil, "no trusted proxies: nothing is ever read")
    }

    @Test func malformedHeadersAreIgnoredWhole() {
        let malformed: [(String, String)] = [
            ("Forwarded", "for="), ("Forwarded", #"for="192.0.2.1"#), ("Forwarded", "for=[2001:db8::1]"),
            ("Forwarded", "for=192.0.2.1;for=192.0.2.2"), ("Forwarded", "for=192.0.2.1;proto=gopher"),
            ("Forwarded", "for=300.1.1.1"), ("Forwarded", "for=192.0.2.1:99999"), ("Forwarded", "for=localhost"),
            ("Forwarded", "=1.2.3.4"), ("Forwarded", "for 1.2.3.4"), ("Forwarded", ",;,"), ("Forwarded", ""),
            ("Forwarded", #"for="[::1"#), ("Forwarded", #"for="[::1]x""#), ("Forwarded", "for=_"),
            ("Forwarded", "for=\u{1}"), ("Forwarded", #"for="a\"#),
            ("X-Forwarded-For", "nonsense"), ("X-Forwarded-For", "1.2.3.4,,5.6.7.8"), ("X-Forwarded-For", ""),
            ("X-Forwarded-Proto", "ftp"),
        ]
        for header in malformed {
            #expect(client([header]) == nil, "\(header)")
        }
        #expect(client([("Forwarded", "for=192.0.2.1"), ("Forwarded", "for=\"")]) == nil, "one bad field spoils all")
    }

    @Test func randomBytesNeverCrashAndNeverNameAClientTheyDoNotContain() {
        var random = SplitMix64(seed: 0x7239)
        let alphabet = Array(#"for=proto=by=host=_unknown"[]:;,. 0123456789abcdef\"#.utf8) + [0, 9, 0x7F, 0xC3, 0xA9]
        for _ in 0..<5000 {
            let length = Int(random.next() % 48)
            let bytes = (0..<length).map { _ in alphabet[Int(random.next() % UInt64(alphabet.count))] }
            let text = String(decoding: bytes, as: UTF8.self)
            for name in ["Forwarded", "X-Forwarded-For", "X-Forwarded-Proto"] {
                if let found = client([(name, text)]), let address = found.address {
                    #expect(address == "unknown" || address.hasPrefix("_") || IPAddress(address) != nil, "\(text)")
                }
            }
        }
    }
}
