import AgoraDomain
import AgoraStore
import Foundation
import Testing
@testable import AgoraAPI

/// Issue 12 (the write rate with a webhook subscribed): a registration changes no public representation but its
/// event's availability, so its batch derives availability updates and renders nothing else.
@Suite("Change derivation")
struct ChangeDerivationTests {
    static func batch(_ commands: [Command], first: UInt64, state: AgoraState) -> CommittedCommands<AgoraState> {
        CommittedCommands(commands: commands.enumerated().map { LoggedCommand(sequence: first + UInt64($0.offset), command: $0.element) },
                          state: state, time: Date(timeIntervalSince1970: 1_800_000_000))
    }

    static let eventId = CacheInvalidationTests.eventId
    static let at = Instant(secondsSince1970: 1_800_000_000)

    static func registration(_ id: String) -> Command {
        .register(request: RegistrationRequest(id: id, eventId: eventId, name: "Ana", email: "\(id)@example.lu",
                                               requestedAt: Instant(secondsSince1970: 1_700_000_000)))
    }

    /// `commands` applied to the state of the cache fixture (an event open for registration): a logged command is
    /// one the state accepted.
    static func applied(_ commands: [Command]) async throws -> AgoraState {
        var state = try await CacheInvalidationTests.fixture().store.state
        for command in commands { _ = try state.apply(command) }
        return state
    }

    /// The first registration a fresh derivation saw (after a restart, say) used to be reported as an update of its
    /// event, with the event's unchanged tag: the derivation knew no earlier tag to compare with. Now each is an
    /// update of the availability only, and an erasure (no count changes) is none.
    @Test func registrationsDeriveOnlyAvailabilityUpdates() async throws {
        let registrations = [Self.registration("r1"), Self.registration("r2")]
        let state = try await Self.applied(registrations)
        let availability = ReadResource.availability(eventId: Self.eventId)
        let changes = ChangeDerivation().changes(of: Self.batch(registrations, first: 10, state: state))
        #expect(changes.map(\.sequence) == [10, 11])
        #expect(changes.allSatisfy { $0.entityType == .availability && $0.entityId == Self.eventId && $0.kind == .updated })
        #expect(changes.allSatisfy { $0.path == availability.path })
        #expect(changes.first?.etag == PublicRead.etag(of: availability, in: state, at: Self.at))

        let later: [Command] = [.cancelRegistration(registrationId: "r1", at: Instant(secondsSince1970: 1_700_000_001)),
                                .eraseRegistration(registrationId: "r2", at: Instant(secondsSince1970: 1_700_000_002))]
        let after = try await Self.applied(registrations + later)
        let cancelled = ChangeDerivation().changes(of: Self.batch(later, first: 12, state: after))
        #expect(cancelled.map(\.sequence) == [12], "the erasure changed no count")
        #expect(cancelled.first?.etag == PublicRead.etag(of: availability, in: after, at: Self.at))
        #expect(cancelled.first?.etag != changes.first?.etag)
    }

    @Test func aMixedBatchDerivesOnlyItsPublicChanges() async throws {
        var state = try await Self.applied([Self.registration("r1"), Self.registration("r2")])
        var arcus = try #require(state.partners["arcus"])
        arcus.name = "Arcus asbl"
        _ = try state.apply(.updatePartner(partner: arcus))
        let changes = ChangeDerivation().changes(of: Self.batch([Self.registration("r1"), .updatePartner(partner: arcus),
                                                                 Self.registration("r2")], first: 20, state: state))
        #expect(changes.map(\.sequence) == [20, 21, 22])
        #expect(changes.map(\.path) == ["/events/\(Self.eventId)/availability", "/partners/arcus",
                                        "/events/\(Self.eventId)/availability"])
        #expect(changes[1].etag == PublicRead.etag(of: .partner(id: "arcus"), in: state, at: Self.at))
    }
}
