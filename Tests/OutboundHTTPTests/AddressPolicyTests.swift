@testable import OutboundHTTP
import Testing

@Suite struct AddressPolicyTests {
    @Test func privateAndLoopbackIPv4AreRefused() {
        for address: [UInt8] in [[127, 0, 0, 1], [10, 1, 2, 3], [172, 16, 0, 1], [172, 31, 255, 1], [192, 168, 1, 1],
                                 [169, 254, 169, 254], [0, 0, 0, 0], [100, 64, 0, 1], [224, 0, 0, 1]] {
            #expect(AddressPolicy.isPrivate(ipv4: address), "\(address)")
        }
        for address: [UInt8] in [[8, 8, 8, 8], [172, 32, 0, 1], [93, 184, 216, 34], [100, 128, 0, 1]] {
            #expect(!AddressPolicy.isPrivate(ipv4: address), "\(address)")
        }
    }

    @Test func privateIPv6AndMappedIPv4AreRefused() {
        var loopback = [UInt8](repeating: 0, count: 16)
        loopback[15] = 1
        var mapped = [UInt8](repeating: 0, count: 16)
        mapped[10] = 0xff; mapped[11] = 0xff; mapped[12] = 127; mapped[15] = 1
        var unique = [UInt8](repeating: 0, count: 16)
        unique[0] = 0xfd
        var linkLocal = [UInt8](repeating: 0, count: 16)
        linkLocal[0] = 0xfe; linkLocal[1] = 0x80
        var global = [UInt8](repeating: 0, count: 16)
        global[0] = 0x20; global[1] = 0x01; global[2] = 0x0d; global[3] = 0xb8; global[15] = 1
        #expect(AddressPolicy.isPrivate(ipv6: loopback))
        #expect(AddressPolicy.isPrivate(ipv6: mapped))
        #expect(AddressPolicy.isPrivate(ipv6: unique))
        #expect(AddressPolicy.isPrivate(ipv6: linkLocal))
        #expect(!AddressPolicy.isPrivate(ipv6: global))
    }

    @Test func aLoopbackReceiverIsRefusedUnlessItsHostIsAllowed() {
        let url = OutboundURL("http://127.0.0.1:9/hook")
        #expect(url != nil)
        guard let url else { return }
        let request = OutboundRequest(url: url, headers: [], body: [])
        #expect(throws: OutboundError.self) { try OutboundClient(policy: AddressPolicy()).send(request, timeout: 2) }
        do {
            _ = try OutboundClient(policy: AddressPolicy()).send(request, timeout: 2)
        } catch {
            guard case .refused = error else { Issue.record("expected refused, got \(error)"); return }
        }
    }

    @Test func urlsAreParsed() {
        let url = OutboundURL("https://Hooks.Example.org/in?x=1#frag")
        #expect(url?.scheme == .https)
        #expect(url?.host == "hooks.example.org")
        #expect(url?.port == 443)
        #expect(url?.target == "/in?x=1")
        #expect(OutboundURL("http://[::1]:8080")?.host == "::1")
        #expect(OutboundURL("http://[::1]:8080")?.target == "/")
        #expect(OutboundURL("http://user@host/") == nil)
        #expect(OutboundURL("ftp://host/") == nil)
        #expect(OutboundURL("http://host:99999/") == nil)
    }
}
