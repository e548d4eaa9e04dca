import AgoraDomain
import AgoraStore
import Foundation
import Testing
import TestSupport

/// Files written before the hand-written JSON (Foundation's encoder: other key order, escaped
/// slashes) still recover, and what the store writes now reads back with plain Codable.
@Suite struct CodecCompatibilityTests {
    private static func at(_ text: String) -> Instant { Instant(rfc3339: text) ?? Instant(secondsSince1970: 0) }

    private static let event = Event(
        id: "assises-2030", title: .fr("Assises a/b – Œuvres ë ß 😀"),
        startsAt: at("2030-06-15T09:00:00+02:00"), endsAt: at("2030-06-15T17:00:00+02:00"),
        timeZone: "Europe/Luxembourg", defaultLanguage: "fr",
        registration: .required(RegistrationRules(capacity: 1, waitingList: WaitingList()))
    )

    private static func register(_ id: String, name: String) -> AgoraDomain.Command {
        .register(request: RegistrationRequest(id: id, eventId: event.id, name: name, email: "\(id)@example.lu",
                                               organisation: "Asbl \"Inter-Actions\" \\ Schläifmillen", language: "fr",
                                               requestedAt: at("2030-06-01T10:00:00Z")))
    }

    /// The snapshot format (header line with CRC-32 of the body, then the body) as the old store wrote it.
    private static func oldSnapshot(_ state: AgoraState, sequence: Int) throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let body = Array(try encoder.encode(state))
        let header = #"{"format":1,"sequence":\#(sequence),"bytes":\#(body.count),"crc":"\#(hex(crc32(body)))"}"#
        return Array(header.utf8) + [0x0A] + body
    }

    /// A journal line as the old store wrote it (command through JSONEncoder, unsorted keys).
    private static func oldJournalLine(_ command: AgoraDomain.Command, sequence: Int) throws -> [UInt8] {
        let payload = Array(#""seq":\#(sequence),"time":"2030-06-01T10:00:00.000Z","command":"#.utf8)
            + Array(try JSONEncoder().encode(command)) + [UInt8(ascii: "}")]
        return Array(#"{"crc":"\#(hex(crc32(payload)))","#.utf8) + payload + [0x0A]
    }

    @Test func filesWrittenByTheOldEncoderRecover() throws {
        var expected = AgoraState()
        _ = try expected.apply(.createEvent(event: Self.event))
        _ = try expected.apply(Self.register("r1", name: "Zoë 😀 \"quoted\"\n"))
        let snapshot = try Self.oldSnapshot(expected, sequence: 2)
        let later: [AgoraDomain.Command] = [
            Self.register("r2", name: "Œ/ß\t\u{1}"),
            .cancelRegistration(registrationId: "r1", at: Self.at("2030-06-02T10:00:00Z")),
        ]
        var journal: [UInt8] = []
        for (index, command) in later.enumerated() {
            journal += try Self.oldJournalLine(command, sequence: 3 + index)
            _ = try expected.apply(command)
        }
        let dir = TemporaryDirectory()
        try FileManager.default.createDirectory(atPath: dir.data, withIntermediateDirectories: true)
        try dir.write("snapshot.json", snapshot)
        try dir.write("journal.jsonl", journal)

        let store = try DurableStore<AgoraState>.open(directory: dir.data) { AgoraState() }
        #expect(store.recoveryWarnings.isEmpty)
        #expect(store.sequence == 4)
        #expect(store.state == expected)
        #expect(store.state.registrations["r2"]?.status == .confirmed)
        try store.close()

        // The snapshot written at close is read by plain Codable too.
        let written = try dir.read("snapshot.json")
        let newline = try #require(written.firstIndex(of: 0x0A))
        #expect(try JSONDecoder().decode(AgoraState.self, from: Data(written[(newline + 1)...])) == expected)
    }

    @Test func journalWrittenNowDecodesWithCodable() async throws {
        let dir = TemporaryDirectory()
        let store = try DurableStore<AgoraState>.open(directory: dir.data, options: StoreOptions(snapshotEverySeconds: 0)) {
            AgoraState()
        }
        let commands: [AgoraDomain.Command] = [
            .createEvent(event: Self.event), Self.register("r1", name: "Zoë 😀 \"quoted\"\n\u{0}"),
            .eraseRegistration(registrationId: "r1", at: Self.at("2030-06-02T10:00:00Z")),
            Self.register("r2", name: "\u{2028}</script>"),
            .cancelRegistration(registrationId: "r2", at: Self.at("2030-06-02T11:00:00Z")),
        ]
        for command in commands { _ = try await store.submit(command).get() }
        let lines = try dir.read("journal.jsonl").split(separator: 0x0A)
        // The erasure compacted the files: the journal holds what came after it.
        try #require(lines.count == 2)
        struct Line: Decodable { let seq: Int; let command: AgoraDomain.Command }
        let decoded = try lines.map { try JSONDecoder().decode(Line.self, from: Data($0)) }
        #expect(decoded.map(\.command) == Array(commands.suffix(2)))
        #expect(decoded.map(\.seq) == [4, 5])
        try store.close()
    }
}

func crc32(_ bytes: [UInt8]) -> UInt32 {
    var crc: UInt32 = 0xFFFF_FFFF
    for byte in bytes {
        crc ^= UInt32(byte)
        for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
    }
    return ~crc
}

func hex(_ value: UInt32) -> String {
    let digits = String(value, radix: 16)
    return String(repeating: "0", count: 8 - digits.count) + digits
}
