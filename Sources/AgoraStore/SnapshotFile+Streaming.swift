// Loading snapshot.json a piece at a time for a state that decodes itself as the bytes pass
// (`StreamedSnapshotState`): the file is never held whole beside the state it builds. The checks and their
// messages are `SnapshotFile.decode`'s, in the same order of precedence (header, length, checksum, decoding): the
// length and checksum are known only at the end, so a decoding that fails or succeeds first still reads the rest
// and reports a damaged file as damaged, not as a puzzling decoding error.
import FoundationEssentials

/// A state that reads its snapshot body as it streams past, instead of from the whole file (AgoraState).
protocol StreamedSnapshotState: JournaledState {
    /// The state, or nil when the body is not in the form this reader follows: the whole file is then read
    /// and `init(snapshotJSON:range:)` decides, exactly as without streaming. Throws what a part handed to
    /// Codable threw.
    static func decodeSnapshot(streaming body: inout SnapshotBodyStream) throws -> Self?
}

extension SnapshotFile {
    /// The state of the snapshot in `file` (open for reading at its start), its sequence and the file's size,
    /// decoded as it is read; nil when `State` does not stream or its reader declined the body (the caller
    /// then reads the whole file with `decode`).
    static func load<State: JournaledState>(
        _ file: OpenFile, fileSystem: any FileSystem, path: String, pieceBytes: Int, as: State.Type
    ) throws(StoreError) -> (state: State, sequence: UInt64, bytes: Int)? {
        guard let streamed = State.self as? any StreamedSnapshotState.Type else { return nil }
        var head: [UInt8] = []
        var newline: Int?
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while newline == nil {
            let read: Result<Int, FileSystemError> = chunk.withUnsafeMutableBytes { bytes in
                do throws(FileSystemError) { return .success(try fileSystem.read(file, into: bytes)) } catch {
                    return .failure(error)
                }
            }
            let count: Int
            do { count = try read.get() } catch { throw StoreError(error) }
            guard count > 0 else { throw .corruptSnapshot(path: path, reason: "no header line (\(head.count) bytes)") }
            let searchFrom = head.count
            head.append(contentsOf: chunk[..<count])
            newline = head[searchFrom...].firstIndex(of: UInt8(ascii: "\n"))
        }
        guard let newline else { return nil }
        let header = try self.header(head[..<newline], path: path)
        // A negative length cannot be streamed; the whole-file path reports it.
        guard header.bytes >= 0 else { return nil }
        let bodyStart = newline + 1
        var body = SnapshotBodyStream(file: file, fileSystem: fileSystem, promised: header.bytes,
                                      initial: head[bodyStart...], pieceBytes: pieceBytes)
        head = []
        let decoded: Result<(any StreamedSnapshotState)?, any Error>
        do { decoded = .success(try streamed.decodeSnapshot(streaming: &body)) } catch { decoded = .failure(error) }
        try body.drain()
        let held = body.delivered + body.extra
        guard held == header.bytes else {
            throw .corruptSnapshot(path: path, reason: "header promises \(header.bytes) bytes of state at byte offset \(bodyStart), file holds \(held)")
        }
        let crc = CRC32.hex(body.crc)
        guard crc == header.crc else {
            throw .corruptSnapshot(path: path, reason: "checksum mismatch in state at byte offset \(bodyStart) (header \(header.crc), computed \(crc))")
        }
        switch decoded {
        case .success(let state?):
            guard let state = state as? State else { return nil }
            return (state, header.sequence, bodyStart + held)
        case .success(nil):
            return nil
        case .failure(let error):
            throw .corruptSnapshot(path: path, reason: "state does not decode: \(error)")
        }
    }

    /// The header line (without its newline), checked for a format this build reads.
    static func header(_ line: ArraySlice<UInt8>, path: String) throws(StoreError) -> Header {
        let header: Header
        do { header = try JSONDecoder().decode(Header.self, from: Data(line)) } catch {
            throw .corruptSnapshot(path: path, reason: "unreadable header at byte offset 0: \(error)")
        }
        guard header.format == formatVersion else {
            throw .corruptSnapshot(path: path, reason: "unsupported format version \(header.format) (this build reads \(formatVersion))")
        }
        return header
    }
}
