import Glibc
import Testing
import TestSupport

/// Every module logs through the one JSON-line writer of `agora serve`: the engine (`agora.http`), the executable
/// (`agora`) and the store (`agora.store`) each leave lines on stdout that name their module.
@Suite("One log for every module, with the real binary")
struct LogWiringBinaryTests {
    @Test func storeAndServerLinesShareTheLog() throws {
        let directory = AgoraProcess.temporaryDirectory("logs")
        let server = try AgoraProcess(["serve", "--port", "0", "--data-dir", directory + "/data"])
        _ = try #require(server.listeningPort(), "\(server.stderr)")
        server.signal(SIGTERM)
        #expect(server.wait() == 0)
        let lines = server.stdout.split(separator: "\n")
        // The seed's first snapshot is the store's own line, written through the writer the executable gave it.
        let snapshots = lines.filter { $0.contains(#""msg":"snapshot written""#) }
        #expect(snapshots.count >= 1, "\(server.stdout)")
        #expect(snapshots.allSatisfy { $0.contains(#""label":"agora.store""#) }, "\(snapshots)")
        #expect(lines.contains { $0.contains(#""msg":"listening""#) && $0.contains(#""label":"agora.http""#) })
        #expect(lines.contains { $0.contains(#""msg":"shutting down""#) && $0.contains(#""label":"agora""#) })
    }
}
