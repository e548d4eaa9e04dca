// The snapshot's JSON, written and read by hand where the volume is (the registrations) and by Codable
// for the rest (events and partners: few, and rich in shapes). The text is the Codable form with
// sorted keys, so a snapshot written here decodes with `JSONDecoder` and one written by `JSONEncoder`
// decodes here (slashes are not escaped here; both forms are the same JSON).
import Dispatch
import FoundationEssentials
import Synchronization

extension AgoraState {
    /// `{"events":…,"partners":…,"registrationSequence":n,"registrations":{id: Registration, …}}`,
    /// keys sorted at every level.
    public func snapshotJSON() throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        var writer = JSONBytesWriter()
        writer.bytes.reserveCapacity(registrations.count * 300 + 4_096)
        writer.raw(#"{"events":"#)
        writer.bytes.append(contentsOf: try encoder.encode(events))
        writer.raw(#","partners":"#)
        writer.bytes.append(contentsOf: try encoder.encode(partners))
        writer.raw(#","registrationSequence":"#)
        writer.integer(registrationSequence)
        writer.raw(#","registrations":{"#)
        for (index, id) in registrations.keys.sorted().enumerated() {
            guard let registration = registrations[id] else { continue }
            if index > 0 { writer.raw(",") }
            writer.string(id)
            writer.raw(":")
            registration.appendJSON(to: &writer)
        }
        writer.raw("}}")
        return writer.bytes
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
    private static func fastDecode(_ bytes: [UInt8], range: Range<Int>) throws -> AgoraState? {
        var reader = JSONBytesReader(bytes, range: range)
        var eventsRange: Range<Int>?, partnersRange: Range<Int>?, sequence: Int?
        var members: [(key: [UInt8], value: Range<Int>)]?
        let read = reader.object { reader, key in
            switch key {
            case "events": eventsRange = reader.skipValue(); return eventsRange != nil
            case "partners": partnersRange = reader.skipValue(); return partnersRange != nil
            case "registrationSequence": sequence = reader.integer(); return sequence != nil
            case "registrations":
                // Located here (structure only), decoded below in parallel on every core.
                var found: [(key: [UInt8], value: Range<Int>)] = []
                found.reserveCapacity(max(0, min(sequence ?? 0, 50_000_000)))
                let inner = reader.object { reader, key in
                    guard let value = reader.skipValue() else { return false }
                    found.append((key, value))
                    return true
                }
                members = found
                return inner
            default: return false
            }
        }
        guard read, reader.atEnd, let eventsRange, let partnersRange, let sequence, let members,
              let registrations = decodeRegistrations(members, of: bytes) else { return nil }
        var state = AgoraState()
        let decoder = JSONDecoder()
        state.events = try decoder.decode([String: Event].self, from: Data(bytes[eventsRange]))
        state.partners = try decoder.decode([String: Partner].self, from: Data(bytes[partnersRange]))
        state.registrations = registrations
        state.registrationSequence = sequence
        state.ledgers = ledgers(for: registrations)
        return state
    }

    /// Registrations per chunk, on every core; nil when any one is not in the expected form.
    private static func decodeRegistrations(_ members: [(key: [UInt8], value: Range<Int>)],
                                            of bytes: [UInt8]) -> [String: Registration]? {
        let chunkSize = 16_384
        let chunkCount = (members.count + chunkSize - 1) / chunkSize
        let decoded = Mutex([Int: [(String, Registration)]]())
        DispatchQueue.concurrentPerform(iterations: chunkCount) { chunk in
            var pairs: [(String, Registration)] = []
            pairs.reserveCapacity(chunkSize)
            for member in members[(chunk * chunkSize)..<min((chunk + 1) * chunkSize, members.count)] {
                var reader = JSONBytesReader(bytes, range: member.value)
                guard let id = String(validating: member.key, as: UTF8.self),
                      let registration = Registration.readJSON(from: &reader), reader.atEnd else { return }
                pairs.append((id, registration))
            }
            decoded.withLock { $0[chunk] = pairs }
        }
        var table: [String: Registration] = [:]
        table.reserveCapacity(members.count)
        for chunk in 0..<chunkCount {
            // A missing chunk had a member the hand-written reader refused.
            guard let pairs = decoded.withLock({ $0.removeValue(forKey: chunk) }) else { return nil }
            for (id, registration) in pairs { table[id] = registration }
        }
        return table
    }
}
