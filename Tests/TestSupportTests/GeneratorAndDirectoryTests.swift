import Foundation
import Testing
import TestSupport

@Suite("test support: generator and temporary directories")
struct GeneratorAndDirectoryTests {
    /// The reference outputs of splitmix64.c (Vigna) from state 0: seeded tests replay the same inputs on every run.
    @Test func splitMixMatchesTheReferenceSequence() {
        var generator = SplitMix64(seed: 0)
        #expect(generator.next() == 0xE220_A839_7B1D_CDAF)
        #expect(generator.next() == 0x6E78_9E6A_A1B9_65F4)
        #expect(generator.next() == 0x06C4_5D18_8009_454F)
    }

    @Test func temporaryDirectoryIsFreshAndRemovedWithItsValue() throws {
        var path = ""
        do {
            let directory = TemporaryDirectory()
            path = directory.path
            #expect(FileManager.default.fileExists(atPath: path))
            try FileManager.default.createDirectory(atPath: directory.data, withIntermediateDirectories: false)
            try directory.write("journal.jsonl", Array("x\n".utf8))
            #expect(try directory.read("journal.jsonl") == Array("x\n".utf8))
            #expect(try directory.allDataBytes() == Array("x\n".utf8))
            #expect(TemporaryDirectory().path != path, "mkdtemp: a new name each time")
        }
        #expect(!FileManager.default.fileExists(atPath: path), "removed, contents and all")
    }

    @Test func madeDirectoriesStay() throws {
        let path = TemporaryDirectory.make("agora-support")
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(path.hasPrefix("/tmp/agora-support-"))
        var isDirectory: ObjCBool = false
        #expect(FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue)
    }
}
