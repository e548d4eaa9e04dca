import Testing
@Test func AgoraDomainBuilds() { #expect(Bool(true)) }
