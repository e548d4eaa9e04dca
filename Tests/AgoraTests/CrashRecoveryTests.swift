import Glibc
import Testing

/// Durability with the real binary: kill -9 under concurrent writes, restart, and every acknowledged write is there.
@Suite("crash recovery with the real binary")
struct CrashRecoveryTests {
    static func lineCount(_ path: String) -> Int {
        AgoraProcess.read(path).split(separator: "\n").count
    }

    @Test("SIGKILL during concurrent writes never loses an acknowledged write (10 kills)")
    func killNineUnderLoad() throws {
        let directory = AgoraProcess.temporaryDirectory("crash")
        let data = directory + "/data"
        let acks = directory + "/acks"
        var previous = 0
        for round in 0..<10 {
            // Snapshots every 500 commands: kills also land during compaction (snapshot rename, journal truncation).
            let writer = try AgoraProcess(["store-stress", "--data-dir", data, "--writers", "16", "--count", "100000",
                                           "--ack-file", acks, "--snapshot-every", "500"], program: "agora-bench")
            // Kill at a different point each round: after 50, 100, … new acknowledgements.
            let target = previous + 50 * (round + 1)
            var reached = false
            for _ in 0..<3000 where !reached {   // up to 30 s
                reached = Self.lineCount(acks) >= target
                if !reached { usleep(10_000) }
            }
            #expect(reached, "round \(round): writes were acknowledged (stderr: \(writer.stderr))")
            writer.signal(SIGKILL)
            #expect(writer.wait() == 128 + SIGKILL)
            previous = Self.lineCount(acks)

            let verifier = try AgoraProcess(["store-verify", "--data-dir", data, "--ack-file", acks], program: "agora-bench")
            #expect(verifier.wait(timeout: .seconds(60)) == 0,
                    "round \(round): \(verifier.stdout) \(verifier.stderr)")
        }
        #expect(previous >= 50 * 55, "acknowledged writes accumulated across restarts")
    }

    @Test("a fresh data directory is seeded with both events and 20 partners; a restart does not seed again")
    func seededOnce() throws {
        let directory = AgoraProcess.temporaryDirectory("seed")
        let first = try AgoraProcess(["serve", "--port", "0", "--data-dir", directory + "/data"])
        let seeded = try #require(first.waitForLine(containing: "\"msg\":\"store open\""), "\(first.stderr)")
        #expect(seeded.contains("\"events\":\"2\""))
        #expect(seeded.contains("\"partners\":\"20\""))
        #expect(first.stdout.contains("seeded a new data directory"))
        first.signal(SIGTERM)
        #expect(first.wait() == 0)

        let second = try AgoraProcess(["serve", "--port", "0", "--data-dir", directory + "/data"])
        let reopened = try #require(second.waitForLine(containing: "\"msg\":\"store open\""), "\(second.stderr)")
        #expect(reopened.contains("\"events\":\"2\""))
        #expect(!second.stdout.contains("seeded a new data directory"))
        second.signal(SIGTERM)
        #expect(second.wait() == 0)

        let empty = try AgoraProcess(["serve", "--port", "0", "--no-seed", "--data-dir", directory + "/empty"])
        let opened = try #require(empty.waitForLine(containing: "\"msg\":\"store open\""), "\(empty.stderr)")
        #expect(opened.contains("\"events\":\"0\""))
        empty.signal(SIGTERM)
        #expect(empty.wait() == 0)
    }

    @Test("a second server on the same data directory is refused, naming the lock")
    func lockedDataDirectory() throws {
        let directory = AgoraProcess.temporaryDirectory("lock")
        let first = try AgoraProcess(["serve", "--port", "0", "--data-dir", directory + "/data"])
        #expect(first.waitForLine(containing: "\"msg\":\"listening\"") != nil)
        let second = try AgoraProcess(["serve", "--port", "0", "--data-dir", directory + "/data"])
        #expect(second.wait() == 1)
        #expect(second.stderr.contains("LOCK"))
        first.signal(SIGTERM)
        #expect(first.wait() == 0)
    }

    @Test("damage before the last journal record refuses to start, naming file and offset")
    func corruptJournalRefused() throws {
        let directory = AgoraProcess.temporaryDirectory("corrupt")
        let data = directory + "/data"
        let acks = directory + "/acks"
        let writer = try AgoraProcess(["store-stress", "--data-dir", data, "--writers", "2", "--count", "20",
                                       "--ack-file", acks], program: "agora-bench")
        #expect(writer.wait(timeout: .seconds(60)) == 0, "\(writer.stderr)")
        // The final snapshot folded the journal away; write more without closing cleanly, then damage line 1.
        let more = try AgoraProcess(["store-stress", "--data-dir", data, "--writers", "1", "--count", "100000",
                                     "--ack-file", acks], program: "agora-bench")
        var enough = false
        for _ in 0..<3000 where !enough { enough = Self.lineCount(acks) >= 60; if !enough { usleep(10_000) } }
        more.signal(SIGKILL)
        more.wait()
        let journal = data + "/journal.jsonl"
        let fd = open(journal, O_WRONLY | O_CLOEXEC)
        #expect(fd >= 0)
        _ = pwrite(fd, "XXXX", 4, 10)
        close(fd)
        let verifier = try AgoraProcess(["store-verify", "--data-dir", data, "--ack-file", acks], program: "agora-bench")
        #expect(verifier.wait(timeout: .seconds(60)) == 1)
        #expect(verifier.stderr.contains("journal.jsonl"), "\(verifier.stderr)")
        #expect(verifier.stderr.contains("offset"), "\(verifier.stderr)")
    }
}
