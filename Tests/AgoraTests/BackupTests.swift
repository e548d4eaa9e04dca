import CSystem
import Glibc
import Testing

/// The backup procedure of Docs/operations.md, run while the store is writing: copy journal.jsonl first, then
/// snapshot.json. Every copy must open, and hold every write acknowledged before the copy began.
@Suite("online backup")
struct BackupTests {
    /// `cp` as Docs/operations.md says: again when it refuses because a snapshot replaced the file mid-copy
    /// ("skipping file …, as it was replaced while being copied", exit 1) — the copy it refused is the only one lost.
    static func copy(_ source: String, _ destination: String) -> Bool {
        for _ in 0..<5 {
            if (try? AgoraProcessRunner.run("/bin/cp", [source, destination])) == 0 { return true }
        }
        return false
    }

    @Test("copying the journal, then the snapshot, while writes go on gives consistent backups")
    func journalThenSnapshot() throws {
        let directory = AgoraProcess.temporaryDirectory("backup")
        let data = directory + "/data"
        let acks = directory + "/acks"
        let writer = try AgoraProcess(["store-stress", "--data-dir", data, "--writers", "16", "--count", "100000",
                                       "--ack-file", acks, "--snapshot-every", "300"], program: "agora-bench")
        var started = false
        for _ in 0..<3000 where !started {   // up to 30 s for the first acknowledged write
            started = !AgoraProcess.read(acks).isEmpty
            if !started { usleep(10_000) }
        }
        #expect(started, "\(writer.stderr)")
        var backups: [(path: String, acknowledged: [Substring])] = []
        for index in 0..<15 {
            // Acknowledged before this copy began: the backup must contain all of them.
            var acknowledged = AgoraProcess.read(acks).split(separator: "\n", omittingEmptySubsequences: true)
            if AgoraProcess.read(acks).last != "\n", !acknowledged.isEmpty { acknowledged.removeLast() }
            let backup = directory + "/backup-\(index)"
            mkdir(backup, 0o700)
            #expect(Self.copy(data + "/journal.jsonl", backup + "/journal.jsonl"))
            #expect(Self.copy(data + "/snapshot.json", backup + "/snapshot.json"))
            backups.append((backup, acknowledged))
            usleep(100_000)
        }
        writer.signal(SIGKILL)
        writer.wait()
        #expect(backups.last.map { $0.acknowledged.count > 1500 } == true, "several snapshots were taken during the backups")
        for (index, backup) in backups.enumerated() {
            let ackCopy = backup.path + ".acks"
            try write(backup.acknowledged.map { $0 + "\n" }.joined(), to: ackCopy)
            let verifier = try AgoraProcess(["store-verify", "--data-dir", backup.path, "--ack-file", ackCopy], program: "agora-bench")
            #expect(verifier.wait(timeout: .seconds(60)) == 0, "backup \(index): \(verifier.stdout) \(verifier.stderr)")
        }
    }
}

/// Runs a program to completion (for cp in backup tests).
enum AgoraProcessRunner {
    static func run(_ path: String, _ arguments: [String]) throws -> Int32 {
        var argv = ([path] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addclosefrom_np(&actions, 3)   // as AgoraProcess: no other test's descriptors
        var pid = pid_t()
        guard posix_spawn(&pid, path, &actions, nil, &argv, nil) == 0 else { return -1 }
        var status: Int32 = 0
        waitpid(pid, &status, 0)
        return (status >> 8) & 0xff
    }
}
