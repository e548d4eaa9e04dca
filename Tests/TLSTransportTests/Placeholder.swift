import Testing
@Test func TLSTransportBuilds() { #expect(Bool(true)) }
