// The snapshot's registrations, written straight from the table's rows (no `Registration` value is made)
// and read back in parallel: the Codable form of `Registration` (keys sorted, absent optionals omitted), so
// `JSONDecoder` reads what is written here. See AgoraState+SnapshotCodec.swift for the whole document.
import AgoraDomain
import AgoraJSON

extension RegistrationTable {
    /// Rows per piece of the snapshot's registrations.
    static let piece = 16_384

    /// The members `"id":{…}` of every live row in order of arrival, comma-separated across pieces (no
    /// braces), one piece per `piece` rows, encoded in parallel; empty pieces are left out.
    func memberPieces() -> [[UInt8]] {
        let pieceCount = (rowCount + Self.piece - 1) / Self.piece
        let encoded = concurrentMap(pieceCount) { piece -> [UInt8]? in
            var writer = JSONWriter()
            forEachLiveRow(in: (piece * Self.piece)..<Swift.min((piece + 1) * Self.piece, rowCount)) { row, layout, text in
                writer.raw(",")
                writer.string(utf8: UnsafeBufferPointer(rebasing: text[layout.id]))
                writer.raw(":")
                appendJSON(of: row, layout: layout, text: text, to: &writer)
            }
            return writer.bytes
        }
        var pieces: [[UInt8]] = []
        for case var bytes? in encoded where !bytes.isEmpty {
            if pieces.isEmpty { bytes.removeFirst() }  // the comma before the very first member
            pieces.append(bytes)
        }
        return pieces
    }

    private func appendJSON(of row: Row, layout: TextLayout, text: UnsafeBufferPointer<UInt8>,
                            to writer: inout JSONWriter) {
        func string(_ range: Range<Int>) { writer.string(utf8: UnsafeBufferPointer(rebasing: text[range])) }
        func digest(_ range: Range<Int>, packed: Bool) {
            guard packed else { return string(range) }
            writer.raw("\"")
            HexDigest.appendHex(UnsafeBufferPointer(rebasing: text[range]), to: &writer.bytes)
            writer.raw("\"")
        }
        writer.raw("{")
        var first = true
        if let cancelledAt = Self.instant(row.cancelledAt) {
            writer.key("cancelledAt", first: true)
            writer.instant(cancelledAt)
            first = false
        }
        if row.flags.contains(.claim) {
            writer.key("claim", first: first)
            writer.raw("{")
            writer.key("cancellationTokenSHA256", first: true)
            digest(layout.token, packed: row.flags.contains(.packedToken))
            if row.flags.contains(.requestDigest) {
                writer.key("requestSHA256")
                digest(layout.request, packed: row.flags.contains(.packedRequest))
            }
            if row.flags.contains(.retryKey) {
                writer.key("retryKey")
                string(layout.retryKey)
            }
            writer.raw("}")
            first = false
        }
        writer.key("createdAt", first: first)
        writer.instant(Instant(secondsSince1970: row.createdAt))
        if let erasedAt = Self.instant(row.erasedAt) {
            writer.key("erasedAt")
            writer.instant(erasedAt)
        }
        writer.key("eventId")
        writer.string(name(row.event))
        writer.key("id")
        string(layout.id)
        if row.language >= 0 {
            writer.key("language")
            writer.string(name(row.language))
        }
        if row.flags.contains(.personalData) {
            writer.key("personalData")
            writer.raw("{")
            writer.key("email", first: true)
            string(layout.email)
            writer.key("name")
            string(layout.name)
            if row.flags.contains(.organisation) {
                writer.key("organisation")
                string(layout.organisation)
            }
            writer.raw("}")
        }
        writer.key("sequence")
        writer.integer(row.sequence)
        if row.slot >= 0 {
            writer.key("slotId")
            writer.string(name(row.slot))
        }
        writer.key("status")
        writer.string(row.status.rawValue)
        writer.raw("}")
    }

    /// Decodes the located members a window at a time, each window in parallel chunks on every core, and
    /// appends them in file order; a window bounds how many decoded values exist at once. Nil when any
    /// member is not in the expected form, its key is not its id, or two share an id.
    init?(members: [(key: Range<Int>?, value: Range<Int>)], of bytes: [UInt8]) {
        self.init()
        let window = Self.decodeChunk * 8
        beginLoading(reservingCapacity: members.count)
        for windowStart in stride(from: 0, to: members.count, by: window) {
            guard appendLoaded(members: members[windowStart..<Swift.min(windowStart + window, members.count)], of: bytes) else {
                return nil
            }
        }
        guard finishLoadingOnEveryCore() else { return nil }
    }

    /// `finishLoading`, with the rows' hashes computed in parallel parts first: the inserts that are left are the
    /// only serial part of building the indexes.
    mutating func finishLoadingOnEveryCore() -> Bool {
        orderLoadedRows()
        let table = self, rowCount = rowCount, part = Self.piece * 4
        let hashes = concurrentMap((rowCount + part - 1) / part) { index in
            table.loadingHashes(rows: (index * part)..<Swift.min(rowCount, (index + 1) * part))
        }
        return finishLoading(hashes: hashes.map { $0 ?? [] })
    }

    /// Members decoded per task.
    static let decodeChunk = 8_192

    /// Decodes `members` (located in `bytes`) in parallel chunks on every core and appends them in order, during
    /// a bulk load (`beginLoading` … `finishLoading`). False when a member is not in the expected form or its key
    /// is not its id.
    mutating func appendLoaded(members: some RandomAccessCollection<(key: Range<Int>?, value: Range<Int>)> & Sendable,
                               of bytes: [UInt8]) -> Bool {
        appendLoaded(Self.decodeLoaded(members: members, of: bytes, chunkSize: Self.decodeChunk))
    }

    /// The registrations of `members` (located in `bytes`), decoded in parallel chunks of `chunkSize` on every core,
    /// in order; nil when a member is not in the expected form or its key is not its id. Touches no table, so it
    /// runs on another thread while the table appends the previous window (the streamed snapshot load).
    static func decodeLoaded(members: some RandomAccessCollection<(key: Range<Int>?, value: Range<Int>)> & Sendable,
                             of bytes: [UInt8], chunkSize: Int) -> [[Registration]]? {
        let chunkCount = (members.count + chunkSize - 1) / chunkSize
        let decoded = concurrentMap(chunkCount) { chunk -> [Registration]? in
            let start = members.index(members.startIndex, offsetBy: chunk * chunkSize)
            let end = members.index(start, offsetBy: Swift.min(chunkSize, members.count - chunk * chunkSize))
            var values: [Registration] = []
            values.reserveCapacity(chunkSize)
            for member in members[start..<end] {
                var reader = JSONReader(bytes, range: member.value)
                guard let registration = Registration.readJSON(from: &reader), reader.atEnd,
                      member.key.map({ bytes[$0].elementsEqual(registration.id.utf8) }) ?? true else { return nil }
                values.append(registration)
            }
            return values
        }
        var chunks: [[Registration]] = []
        chunks.reserveCapacity(chunkCount)
        // A missing chunk had a member the hand-written reader refused.
        for values in decoded {
            guard let values else { return nil }
            chunks.append(values)
        }
        return chunks
    }

    /// Appends what `decodeLoaded` gave, in order; false when it gave nil.
    mutating func appendLoaded(_ decoded: [[Registration]]?) -> Bool {
        guard let decoded else { return false }
        for values in decoded {
            for registration in values { appendLoaded(registration) }
        }
        return true
    }
}
