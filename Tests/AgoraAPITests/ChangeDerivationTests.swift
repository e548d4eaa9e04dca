import AgoraDomain
import AgoraStore
import Foundation
import Testing
@testable import AgoraAPI

/// Issue 12 (the write rate with a webhook subscribed): a registration changes no public representation, so its
/// batch derives no change and renders nothing.
@Suite("Change derivation")
struct ChangeDerivationTests {
    static func batch(_ commands: [Command], first: UInt64, state: AgoraState) -> CommittedCommands<AgoraState> {
        CommittedCommands(commands: commands.enumerated().map { LoggedCommand(sequence: first + UInt64($0.offset), command: $0.element) },
                          state: state, time: Date(timeIntervalSince1970: 1_800_000_000))
    }

    static func registration(_ id: String) -> Command {
        .register(request: RegistrationRequest(id: id, eventId: "assises-sociales-2025", name: "Ana", email: "ana@example.lu",
                                               requestedAt: Instant(secondsSince1970: 1_700_000_000)))
    }

    /// The first registration a fresh derivation saw (after a restart, say) used to be reported as an update of its
    /// event, with the event's unchanged tag: the derivation knew no earlier tag to compare with.
    @Test func registrationsAloneDeriveNothingEvenFirstAfterAStart() throws {
        let fixture = try APIFixture()
        let state = fixture.store.state
        let derivation = ChangeDerivation()
        #expect(derivation.changes(of: Self.batch([Self.registration("r1"), Self.registration("r2")], first: 10, state: state)).isEmpty)
        #expect(derivation.changes(of: Self.batch([.cancelRegistration(registrationId: "r1", at: Instant(secondsSince1970: 1_700_000_001)),
                                                   .eraseRegistration(registrationId: "r2", at: Instant(secondsSince1970: 1_700_000_002))],
                                                  first: 12, state: state)).isEmpty)
    }

    @Test func aMixedBatchDerivesOnlyItsPublicChanges() throws {
        let fixture = try APIFixture()
        var state = fixture.store.state
        var arcus = try #require(state.partners["arcus"])
        arcus.name = "Arcus asbl"
        _ = try state.apply(.updatePartner(partner: arcus))
        let changes = ChangeDerivation().changes(of: Self.batch([Self.registration("r1"), .updatePartner(partner: arcus),
                                                                 Self.registration("r2")], first: 20, state: state))
        #expect(changes.map(\.sequence) == [21])
        #expect(changes.first?.path == "/partners/arcus")
        #expect(changes.first?.etag == PublicRead.etag(of: .partner(id: "arcus"), in: state, at: Instant(secondsSince1970: 1_800_000_000)))
    }
}
