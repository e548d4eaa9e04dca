public import TestSupport
import Foundation

extension TemporaryDirectory {
    /// What a crash (SIGKILL) right now would leave on disk: a copy of the data files, without the lock
    /// the still-open store holds, so the copy can be opened as by a restarted process. The store may
    /// be compacting meanwhile, so the journal is copied BEFORE the snapshot (the backup rule): an
    /// older journal with a newer snapshot recovers (records the snapshot holds are skipped), while a
    /// newer, truncated journal with an older snapshot would lack the records in between.
    public func crashImage() throws -> TemporaryDirectory {
        let image = TemporaryDirectory()
        try FileManager.default.createDirectory(atPath: image.data, withIntermediateDirectories: true)
        for name in ["journal.jsonl", "snapshot.json"] where FileManager.default.fileExists(atPath: file(name)) {
            try image.write(name, read(name))
        }
        return image
    }
}
