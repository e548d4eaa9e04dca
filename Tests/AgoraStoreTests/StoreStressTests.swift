import AgoraDomainTesting
import AgoraStore
import Foundation
import Testing
import TestSupport
import AgoraStoreTesting

@Suite struct StoreStressTests {
    @Test func stressRunAcknowledgesAndVerifyFindsEveryWrite() throws {
        let dir = TemporaryDirectory()
        let ackFile = dir.path + "/acks"
        #expect(StoreStress.run(directory: dir.data, writers: 8, count: 25, ackFile: ackFile) == 0)
        let acks = try String(contentsOfFile: ackFile, encoding: .utf8).split(separator: "\n")
        #expect(acks.count == 200)
        #expect(Set(acks).count == 200)
        #expect(StoreStress.verify(directory: dir.data, ackFile: ackFile) == 0)

        // A second run on the same directory (a restart) adds to it without colliding.
        #expect(StoreStress.run(directory: dir.data, writers: 2, count: 5, ackFile: ackFile) == 0)
        #expect(StoreStress.verify(directory: dir.data, ackFile: ackFile) == 0)
    }

    @Test func verifyFailsWhenAnAcknowledgedWriteIsMissing() throws {
        let dir = TemporaryDirectory()
        let ackFile = dir.path + "/acks"
        #expect(StoreStress.run(directory: dir.data, writers: 2, count: 3, ackFile: ackFile) == 0)
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: ackFile))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data("p1-w0-never-written\n".utf8))
        try handle.close()
        #expect(StoreStress.verify(directory: dir.data, ackFile: ackFile) == 1)
    }

    @Test func aRunAfterAKillCutsTheTornAckLineOffInsteadOfGluingItsFirstIdToIt() throws {
        // Seen in CI: a SIGKILL left "p32423-" without its newline, the next run's first id was appended to it, and
        // the verifier reported "p32423-p32483-s1212-w1-0" as an acknowledged write the store had lost.
        let dir = TemporaryDirectory()
        let ackFile = dir.path + "/acks"
        #expect(StoreStress.run(directory: dir.data, writers: 1, count: 2, ackFile: ackFile) == 0)
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: ackFile))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data("p32423-".utf8))
        try handle.close()
        #expect(StoreStress.run(directory: dir.data, writers: 1, count: 2, ackFile: ackFile) == 0)
        let acks = try String(contentsOfFile: ackFile, encoding: .utf8).split(separator: "\n")
        #expect(acks.count == 4 && !acks.contains { $0.hasPrefix("p32423-") }, "\(acks)")
        #expect(StoreStress.verify(directory: dir.data, ackFile: ackFile) == 0)
    }

    @Test func verifyIgnoresAnUnfinishedAckLine() throws {
        // The driver may be killed mid-append; only whole lines are evidence.
        let dir = TemporaryDirectory()
        let ackFile = dir.path + "/acks"
        #expect(StoreStress.run(directory: dir.data, writers: 1, count: 2, ackFile: ackFile) == 0)
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: ackFile))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data("p1-w0-torn".utf8))
        try handle.close()
        #expect(StoreStress.verify(directory: dir.data, ackFile: ackFile) == 0)
    }
}
