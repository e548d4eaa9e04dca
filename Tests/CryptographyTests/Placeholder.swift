import Testing
@Test func CryptographyBuilds() { #expect(Bool(true)) }
