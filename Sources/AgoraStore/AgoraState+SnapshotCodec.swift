// The snapshot's JSON, written and read by hand where the volume is (the registrations) and by Codable
// for the rest (events and partners: few, and rich in shapes). The text is the Codable form with
// sorted keys inside every value, registrations in order of arrival rather than by id, so a snapshot
// written here decodes with `JSONDecoder` and one written by `JSONEncoder` decodes here (slashes are not
// escaped here; both are the same JSON). Anything the hand-written reader does not follow goes wholly to
// Codable (`CodableFallback`).
public import AgoraDomain
import AgoraJSON
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
        var head = JSONWriter()
        head.raw(#"{"events":"#)
        head.encoded(try CodableFallback.encodeWithCodable(events, sortedKeys: true))
        head.raw(#","partners":"#)
        head.encoded(try CodableFallback.encodeWithCodable(partners, sortedKeys: true))
        head.raw(#","registrationSequence":"#)
        head.integer(registrationSequence)
        head.raw(#","registrations":{"#)
        var pieces = [head.bytes] + registrations.memberPieces()
        pieces.append(Array("}}".utf8))
        return pieces.count <= 3 ? [Array(pieces.joined())] : pieces
    }

    /// Reads `bytes[range]` as written by `snapshotJSON()` or by `JSONEncoder`.
    public init(snapshotJSON bytes: [UInt8], range: Range<Int>) throws {
        self = try CodableFallback.decode(AgoraState.self, from: bytes, range: range, fastPath: Self.fastDecode)
    }

    /// Nil when the text is not in the expected form (Codable then decides); throws Codable's error
    /// when events or partners do not decode.
    static func fastDecode(_ bytes: [UInt8], range: Range<Int>) throws -> AgoraState? {
        var reader = JSONReader(bytes, range: range)
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
        let decoder = JSONDecoder()
        return AgoraState(events: try decoder.decode([String: Event].self, from: Data(bytes[eventsRange])),
                          partners: try decoder.decode([String: Partner].self, from: Data(bytes[partnersRange])),
                          registrations: registrations, registrationSequence: sequence)
    }
}
