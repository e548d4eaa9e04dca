// snapshot.json: one header line, then the state as JSON:
//   {"format":1,"sequence":1234,"bytes":56789,"crc":"1a2b3c4d"}\n{...state...}
// `bytes` and `crc` cover the state JSON, so a truncated or altered snapshot is detected before decoding
// and reported as what it is, not as a puzzling decoding error. `sequence` is the last journal record
// the state includes; replay starts after it.
import FoundationEssentials

enum SnapshotFile {
    static let formatVersion = 1

    struct Header: Codable {
        let format: Int
        let sequence: UInt64
        let bytes: Int
        let crc: String
    }

    static func encode<State: JournaledState>(_ state: State, sequence: UInt64) throws(StoreError) -> (header: [UInt8], body: [[UInt8]]) {
        let body: [[UInt8]]
        do { body = try state.snapshotJSONPieces() } catch { throw .encodingFailed(reason: "\(error)") }
        let crc = body.reduce(UInt32(0)) { crc, piece in piece.withUnsafeBytes { CRC32.checksum($0, continuing: crc) } }
        let header = Header(format: formatVersion, sequence: sequence, bytes: body.reduce(0) { $0 + $1.count },
                            crc: CRC32.hex(crc))
        var headerBytes: [UInt8]
        do { headerBytes = Array(try JSONEncoder().encode(header)) } catch { throw .encodingFailed(reason: "\(error)") }
        headerBytes.append(UInt8(ascii: "\n"))
        return (headerBytes, body)
    }

    static func decode<State: JournaledState>(_ bytes: [UInt8], path: String) throws(StoreError) -> (state: State, sequence: UInt64) {
        guard let newline = bytes.firstIndex(of: UInt8(ascii: "\n")) else {
            throw .corruptSnapshot(path: path, reason: "no header line (\(bytes.count) bytes)")
        }
        let header = try self.header(bytes[..<newline], path: path)
        let bodyStart = newline + 1
        let body = bytes[bodyStart...]
        guard body.count == header.bytes else {
            throw .corruptSnapshot(path: path, reason: "header promises \(header.bytes) bytes of state at byte offset \(bodyStart), file holds \(body.count)")
        }
        let crc = CRC32.hex(CRC32.checksum(body))
        guard crc == header.crc else {
            throw .corruptSnapshot(path: path, reason: "checksum mismatch in state at byte offset \(bodyStart) (header \(header.crc), computed \(crc))")
        }
        do {
            return (try State(snapshotJSON: bytes, range: bodyStart..<bytes.count), header.sequence)
        } catch {
            throw .corruptSnapshot(path: path, reason: "state does not decode: \(error)")
        }
    }

    /// Crash-safe replacement: a crash before the rename leaves the old snapshot whole (the temp file is
    /// removed at the next open); the rename is atomic, so readers see the old or the new file, never a
    /// mix; fsync of the temp file BEFORE the rename guarantees the new name never points at unwritten
    /// blocks; fsync of the directory AFTER makes the rename itself survive power loss.
    static func write(header: [UInt8], body: [[UInt8]], in directory: DataDirectory, fileSystem: any FileSystem) throws(FileSystemError) {
        let temp = try fileSystem.open(directory.snapshotTemp, mode: .replace)
        do {
            try fileSystem.write(temp, header)
            for piece in body { try fileSystem.write(temp, piece) }
            try fileSystem.fsync(temp)
        } catch {
            fileSystem.close(temp)
            try? fileSystem.remove(directory.snapshotTemp)
            throw error
        }
        fileSystem.close(temp)
        try fileSystem.rename(directory.snapshotTemp, to: directory.snapshot)
        try fileSystem.syncDirectory(directory.path)
    }
}
