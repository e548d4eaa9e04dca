// Coming back from a refused write (issue 13 item 1). After a failed append the journal's descriptor is never
// written or synced again: after a failed fsync the kernel may have dropped the dirty pages and reports the error
// once, so a second fsync could "succeed" over lost data. Instead a probe file tells when the disk takes writes
// again; then the store writes a snapshot (fresh files), or, when there is room for the journal but not for a
// snapshot, `restartJournal` copies the journal's durable prefix into a new file.
import FoundationEssentials
import Glibc

extension JournalFileLog {
    /// A probe of 4 KiB (one page: what the next batch needs at least), written, synced and removed.
    public func probeWrites() throws(StoreError) {
        let page = [UInt8](repeating: 0x0A, count: 4_096)
        do throws(FileSystemError) {
            let probe = try fileSystem.open(directory.probe, mode: .replace)
            defer { fileSystem.close(probe) }
            do {
                try fileSystem.write(probe, page)
                try fileSystem.fsync(probe)
            } catch {
                try? fileSystem.remove(directory.probe)
                throw error
            }
            try fileSystem.remove(directory.probe)
        } catch {
            throw StoreError(error)
        }
    }

    /// The first `durableBytes` of journal.jsonl (synced before the failure, so on disk whatever happened to the
    /// failed batch's pages) become a new journal, through the same temp-file-and-rename as a snapshot's
    /// journal replacement; the torn or unsynced bytes of the failed batch stay behind in the old file.
    public func restartJournal() throws(StoreError) {
        guard unwritableReason == nil, !closed else {
            throw .io(operation: "restart the journal (the log refuses appends)", path: directory.journal, errno: 0)
        }
        guard let durable = durableBytes else {
            throw .io(operation: "restart the journal (which file holds it is uncertain; a snapshot must)",
                      path: directory.journal, errno: 0)
        }
        var prefix = [UInt8](repeating: 0, count: durable)
        do throws(FileSystemError) {
            guard let file = try fileSystem.openForReading(directory.journal) else {
                throw FileSystemError(operation: "open", path: directory.journal, errno: ENOENT)
            }
            defer { fileSystem.close(file) }
            var filled = 0
            while filled < durable {
                let start = filled
                let read: Result<Int, FileSystemError> = prefix.withUnsafeMutableBytes { buffer in
                    do throws(FileSystemError) {
                        return .success(try fileSystem.read(file, into: UnsafeMutableRawBufferPointer(rebasing: buffer[start...])))
                    } catch { return .failure(error) }
                }
                let count = try read.get()
                guard count > 0 else {
                    throw FileSystemError(operation: "read (shorter than its durable \(durable) bytes)",
                                          path: directory.journal, errno: EIO)
                }
                filled += count
            }
        } catch {
            throw StoreError(error)
        }
        try replaceJournal(with: prefix)
    }
}
