// Real files in a fresh temporary directory per test, removed afterwards.
import Foundation

final class TemporaryDirectory {
    let path: String

    init() {
        var template = Array((NSTemporaryDirectory() + "agora-store-XXXXXX").utf8CString)
        let created = template.withUnsafeMutableBufferPointer { buffer in buffer.baseAddress.flatMap { mkdtemp($0) } }
        precondition(created != nil, "mkdtemp failed: errno \(errno)")
        path = String(decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// The data directory inside it (the store creates it).
    var data: String { path + "/data" }

    func file(_ name: String) -> String { data + "/" + name }

    func read(_ name: String) throws -> [UInt8] {
        Array(try Data(contentsOf: URL(fileURLWithPath: file(name))))
    }

    func write(_ name: String, _ bytes: [UInt8]) throws {
        try Data(bytes).write(to: URL(fileURLWithPath: file(name)))
    }

    /// Every byte of every file in the data directory, to prove something is gone from disk.
    func allDataBytes() throws -> [UInt8] {
        try FileManager.default.contentsOfDirectory(atPath: data).flatMap { try read($0) }
    }

    /// What a crash (SIGKILL) right now would leave on disk: a copy of the data files, without the lock
    /// the still-open store holds, so the copy can be opened as by a restarted process. The store may
    /// be compacting meanwhile, so the journal is copied BEFORE the snapshot (the backup rule): an
    /// older journal with a newer snapshot recovers (records the snapshot holds are skipped), while a
    /// newer, truncated journal with an older snapshot would lack the records in between.
    func crashImage() throws -> TemporaryDirectory {
        let image = TemporaryDirectory()
        try FileManager.default.createDirectory(atPath: image.data, withIntermediateDirectories: true)
        for name in ["journal.jsonl", "snapshot.json"] where FileManager.default.fileExists(atPath: file(name)) {
            try image.write(name, read(name))
        }
        return image
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }
}

extension Array where Element == UInt8 {
    func contains(_ needle: String) -> Bool {
        let pattern = Array(needle.utf8)
        guard pattern.count <= count else { return false }
        return (0...(count - pattern.count)).contains { self[$0..<($0 + pattern.count)].elementsEqual(pattern) }
    }

    /// Start offsets of each newline-terminated line.
    var lineStarts: [Int] {
        var starts = [0]
        for (index, byte) in enumerated() where byte == UInt8(ascii: "\n") && index + 1 < count { starts.append(index + 1) }
        return isEmpty ? [] : starts
    }
}
