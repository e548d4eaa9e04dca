import AgoraExports
import Testing

struct NameBasedUUIDTests {
    /// RFC 9562 Appendix A.4: UUIDv5 of "www.example.com" in the DNS namespace.
    @Test func rfc9562TestVector() {
        let uuid = NameBasedUUID(name: "www.example.com", in: .dnsNamespace)
        #expect(uuid.description == "2ed6657d-e927-568b-95e1-2665a8aea6a2")
        #expect(uuid.version == 5)
    }

    /// Python's `uuid.uuid5(uuid.NAMESPACE_URL, …)` gives the same (values from Python 3), so other
    /// systems can recompute a slot's guid; and a non-ASCII name hashes its UTF-8 bytes.
    @Test func urlNamespaceMatchesPythonsUUID5() {
        #expect(NameBasedUUID(name: "https://example.org/").description == "527dda32-a0de-5105-a042-cb475b5f7d11")
        #expect(NameBasedUUID(name: "urn:agora:person:Jennyfer Nündel-Petsch").description
                == "6d74e68c-713b-556c-a742-2c032866a88c")
    }

    @Test func variantBitsAreRFC9562s() {
        for name in ["a", "b", "assises-sociales-2025", "Œuvre"] {
            let uuid = NameBasedUUID(name: name)
            #expect(uuid.bytes[8] & 0xC0 == 0x80)
            #expect(uuid.version == 5)
            #expect(uuid.positiveInteger >= 1)
        }
        #expect(NameBasedUUID(name: "a") != NameBasedUUID(name: "b"))
    }
}
