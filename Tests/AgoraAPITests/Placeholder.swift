import Testing
@Test func AgoraAPIBuilds() { #expect(Bool(true)) }
