import AgoraJSON
import FoundationEssentials
import Testing
@testable import AgoraDomain
@testable import AgoraStore

/// The hand-written journal/snapshot coding must carry every field Codable carries. A field added to `Registration`
/// or `RegistrationRequest` and forgotten by the fast encoder would be silently dropped on disk (as `claim` once was:
/// the idempotency key and cancellation-token hash vanished after a restart). These fixtures set EVERY stored
/// property — checked by reflection, so a new field fails the first test until the fixture (and the codec) know it.
@Suite struct FastJSONFieldCoverageTests {
    static func instant(_ text: String) -> Instant {
        guard let value = Instant(rfc3339: text) else { fatalError("bad fixture instant \(text)") }
        return value
    }

    static let claim = RegistrationClaim(cancellationTokenSHA256: "c0ffee", retryKey: "key-1", requestSHA256: "beef")

    static let registration = Registration(
        id: "r1", eventId: "assises-sociales-2025", slotId: "wg-1",
        personalData: PersonalData(name: "Zoë „Œuvre“ \\ \"q\"", email: "zoe@example.org", organisation: "Stëmm vun der Strooss"),
        language: "lb", status: .waitlisted, createdAt: instant("2025-11-01T10:00:00Z"),
        cancelledAt: instant("2025-11-02T10:00:00Z"), erasedAt: instant("2025-11-03T10:00:00Z"), sequence: 7,
        claim: claim)

    static let request = RegistrationRequest(
        id: "r2", eventId: "quattropole-2017", slotId: "bildung", name: "Jade 🎈", email: "jade@example.org",
        organisation: "Ville de Metz", language: "fr", requestedAt: instant("2017-11-10T09:00:00Z"), claim: claim)

    static func unsetProperties(of value: Any) -> [String] {
        Mirror(reflecting: value).children.compactMap { child in
            let inner = Mirror(reflecting: child.value)
            return inner.displayStyle == .optional && inner.children.isEmpty ? (child.label ?? "?") : nil
        }
    }

    @Test func fixturesSetEveryStoredProperty() {
        #expect(Self.unsetProperties(of: Self.registration) == [])
        #expect(Self.unsetProperties(of: Self.request) == [])
        #expect(Self.unsetProperties(of: Self.claim) == [])
    }

    /// The registration table stores every field (read back as a value) and its snapshot writer writes every
    /// field (read back by Codable and by the fast reader).
    @Test func registrationTableAndItsSnapshotJSONKeepEveryField() throws {
        let table = try #require(RegistrationTable(loading: [Self.registration], count: 1))
        #expect(table["r1"] == Self.registration)
        let members = Array(#"{"#.utf8) + Array(table.memberPieces().joined()) + Array(#"}"#.utf8)
        let decoded = try JSONDecoder().decode([String: Registration].self, from: Data(members))
        #expect(decoded == ["r1": Self.registration])
        #expect(decoded["r1"]?.claim == Self.claim)
        let value = try #require(members.firstIndex(of: UInt8(ascii: ":")))
        var reader = JSONReader(members, range: (value + 1)..<(members.count - 1))
        #expect(Registration.readJSON(from: &reader) == Self.registration)
    }

    @Test func registerCommandFastJSONDecodesToTheSameValueWithCodable() throws {
        let command = Command.register(request: Self.request)
        let bytes = try #require(command.fastJSON)
        #expect(try JSONDecoder().decode(Command.self, from: Data(bytes)) == command)
        #expect(Command(fastJSON: bytes, range: 0..<bytes.count) == command)
        // And Codable's own bytes read back through the fast reader.
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let codable = Array(try encoder.encode(command))
        #expect(Command(fastJSON: codable, range: 0..<codable.count) == command)
    }
}
