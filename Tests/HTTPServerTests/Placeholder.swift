import Testing
@Test func HTTPServerBuilds() { #expect(Bool(true)) }
