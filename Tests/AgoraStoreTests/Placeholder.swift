import Testing
@Test func AgoraStoreBuilds() { #expect(Bool(true)) }
