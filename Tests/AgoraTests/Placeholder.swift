import Testing
@Test func AgoraBuilds() { #expect(Bool(true)) }
