// The snapshot's JSON, written and read by hand where the volume is (the registrations) and by Codable
// for the rest (events and partners: few, and rich in shapes). The text is the Codable form with
// sorted keys inside every value, registrations in order of arrival rather than by id, so a snapshot
// written here decodes with `JSONDecoder` and one written by `JSONEncoder` decodes here (slashes are not
// escaped here; both are the same JSON).
import FoundationEssentials

extension AgoraState {
    /// `{"events":…,"partners":…,"registrationSequence":n,"registrations":{id: Registration, …}}`,
    /// keys sorted within every object, registrations in order of arrival.
    public func snapshotJSON() throws -> [UInt8] {
        Array(try snapshotJSONPieces().joined())
    }

    /// `snapshotJSON()` in consecutive pieces: the registrations in pieces of `RegistrationTable.piece`
    /// rows, encoded in parallel on every core (a small state is one piece).
    public func snapshotJSONPieces() throws -> [[UInt8]] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        var head = JSONBytesWriter()
        head.raw(#"{"events":"#)
        head.bytes.append(contentsOf: try encoder.encode(events))
        head.raw(#","partners":"#)
        head.bytes.append(contentsOf: try encoder.encode(partners))
        head.raw(#","registrationSequence":"#)
        head.integer(registrationSequence)
        head.raw(#","registrations":{"#)
        var pieces = [head.bytes] + registrations.memberPieces()
        pieces.append(Array("}}".utf8))
        return pieces.count <= 3 ? [Array(pieces.joined())] : pieces
    }

    /// Reads `bytes[range]` as written by `snapshotJSON()` or by `JSONEncoder`: registrations by hand,
    /// the rest with Codable; anything the hand-written reader does not follow goes wholly to Codable.
    public init(snapshotJSON bytes: [UInt8], range: Range<Int>) throws {
        if let state = try Self.fastDecode(bytes, range: range) {
            self = state
        } else {
            self = try JSONDecoder().decode(AgoraState.self, from: Data(bytes[range]))
        }
    }

    /// Nil when the text is not in the expected form (Codable then decides); throws Codable's error
    /// when events or partners do not decode.
    static func fastDecode(_ bytes: [UInt8], range: Range<Int>) throws -> AgoraState? {
        var reader = JSONBytesReader(bytes, range: range)
        var eventsRange: Range<Int>?, partnersRange: Range<Int>?, sequence: Int?
        var members: [(key: Range<Int>?, value: Range<Int>)]?
        let read = reader.object { reader, key in
            switch key {
            case "events": eventsRange = reader.skipValue(); return eventsRange != nil
            case "partners": partnersRange = reader.skipValue(); return partnersRange != nil
            case "registrationSequence": sequence = reader.integer(); return sequence != nil
            case "registrations":
                // Located here (structure only), decoded below in parallel on every core.
                var found: [(key: Range<Int>?, value: Range<Int>)] = []
                found.reserveCapacity(max(0, min(sequence ?? 0, 50_000_000)))
                let inner = reader.object { reader, key in
                    guard let value = reader.skipValue() else { return false }
                    // The key is checked against the id where it stands unescaped in the text (Codable,
                    // the fallback, takes the ids from the values too).
                    found.append((key.isInputView ? key.range : nil, value))
                    return true
                }
                members = found
                return inner
            default: return false
            }
        }
        guard read, reader.atEnd, let eventsRange, let partnersRange, let sequence, let members,
              let registrations = RegistrationTable(members: members, of: bytes) else { return nil }
        var state = AgoraState()
        let decoder = JSONDecoder()
        state.events = try decoder.decode([String: Event].self, from: Data(bytes[eventsRange]))
        state.partners = try decoder.decode([String: Partner].self, from: Data(bytes[partnersRange]))
        state.registrations = registrations
        state.registrationSequence = sequence
        return state
    }
}

extension RegistrationTable {
    /// Rows per piece of the snapshot's registrations.
    static let piece = 16_384

    /// The members `"id":{…}` of every live row in order of arrival, comma-separated across pieces (no
    /// braces), one piece per `piece` rows, encoded in parallel; empty pieces are left out.
    func memberPieces() -> [[UInt8]] {
        let pieceCount = (rows.count + Self.piece - 1) / Self.piece
        let encoded = concurrentMap(pieceCount) { piece -> [UInt8]? in
            var writer = JSONBytesWriter()
            for index in (piece * Self.piece)..<Swift.min((piece + 1) * Self.piece, rows.count) {
                let row = rows[index]
                guard !row.flags.contains(.deleted) else { continue }
                let layout = Self.layout(row)
                text.withBlock(layout.block) { text in
                    writer.raw(",")
                    writer.string(utf8: UnsafeBufferPointer(rebasing: text[layout.id]))
                    writer.raw(":")
                    appendJSON(of: row, layout: layout, text: text, to: &writer)
                }
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
                            to writer: inout JSONBytesWriter) {
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
        writer.string(names[row.event])
        writer.key("id")
        string(layout.id)
        if row.language >= 0 {
            writer.key("language")
            writer.string(names[row.language])
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
            writer.string(names[row.slot])
        }
        writer.key("status")
        writer.string(row.status.rawValue)
        writer.raw("}")
    }

    /// Decodes the located members a window at a time, each window in parallel chunks on every core, and
    /// appends them in file order; a window bounds how many decoded values exist at once. Nil when any
    /// member is not in the expected form, its key is not its id, or two share an id.
    init?(members: [(key: Range<Int>?, value: Range<Int>)], of bytes: [UInt8]) {
        let chunkSize = 8_192
        let window = chunkSize * 8
        beginLoading(reservingCapacity: members.count)
        for windowStart in stride(from: 0, to: members.count, by: window) {
            let windowEnd = Swift.min(windowStart + window, members.count)
            let chunkCount = (windowEnd - windowStart + chunkSize - 1) / chunkSize
            let decoded = concurrentMap(chunkCount) { chunk -> [Registration]? in
                let start = windowStart + chunk * chunkSize
                var values: [Registration] = []
                values.reserveCapacity(chunkSize)
                for member in members[start..<Swift.min(start + chunkSize, windowEnd)] {
                    var reader = JSONBytesReader(bytes, range: member.value)
                    guard let registration = Registration.readJSON(from: &reader), reader.atEnd,
                          member.key.map({ bytes[$0].elementsEqual(registration.id.utf8) }) ?? true else { return nil }
                    values.append(registration)
                }
                return values
            }
            for values in decoded {
                // A missing chunk had a member the hand-written reader refused.
                guard let values else { return nil }
                for registration in values { appendLoaded(registration) }
            }
        }
        guard finishLoading() else { return nil }
    }
}
