import AgoraDomainTesting
import FoundationEssentials
import Testing
@testable import AgoraDomain
@testable import AgoraStore

/// The registration table through the store's snapshot codec: escaped ids stay on the fast path, tombstones
/// are left out, packed digests are spelled out again, and a Codable snapshot in id order loads in arrival order.
@Suite struct RegistrationTableSnapshotTests {
    private func state(capacity: Int? = nil, waitingList: WaitingList? = nil) throws -> AgoraState {
        try Fixture.state(with: Fixture.event(registration: Fixture.rules(capacity: capacity, waitingList: waitingList),
                                              programme: [Fixture.slot("wg1", "10:00", "11:00")]))
    }

    @Test func idsThatNeedEscapingStayOnTheFastSnapshotPath() throws {
        var state = try state()
        for id in ["quote\"d", "back\\slash", "control\u{1}char", "plain"] {
            try state.run(.register(request: Fixture.request(id, email: "\(id.count)\(id.utf8.first ?? 0)@example.lu")))
        }
        let snapshot = try state.snapshotJSON()
        let fast = try #require(try AgoraState.fastDecode(snapshot, range: 0..<snapshot.count))
        #expect(fast == state)
        #expect(try JSONDecoder().decode(AgoraState.self, from: Data(snapshot)) == state)
    }

    /// The domain half of this (the bytes are zeroed, the id is free again) is in RegistrationTableTests.
    @Test func aSnapshotAfterDeletingAnEventLeavesItsTombstonesOut() throws {
        var state = try state()
        try state.run(.register(request: Fixture.request("r1", email: "gone@example.lu")))
        try state.run(.deleteEvent(eventId: "sample-2030"))
        _ = try state.apply(.createEvent(event: Fixture.event(registration: Fixture.rules())))
        try state.run(.register(request: Fixture.request("r1", email: "gone@example.lu")))
        let reloaded = try AgoraState(snapshotJSON: try state.snapshotJSON(), range: 0..<(try state.snapshotJSON()).count)
        #expect(reloaded == state)
        #expect(reloaded.registrations.rows.count == 1, "a snapshot load leaves tombstones out")
    }

    @Test func digestsAreKeptAsBytesAndAnythingElseAsText() throws {
        var state = try state()
        let claims = [
            RegistrationClaim(cancellationTokenSHA256: String(repeating: "0f", count: 32), retryKey: "k-1",
                              requestSHA256: String(repeating: "9e", count: 32)),
            RegistrationClaim(cancellationTokenSHA256: String(repeating: "AB", count: 32)),  // upper case: text
            RegistrationClaim(cancellationTokenSHA256: "not-a-digest", requestSHA256: String(repeating: "a", count: 63)),
        ]
        for (index, claim) in claims.enumerated() {
            var request = Fixture.request("r\(index)")
            request.claim = claim
            try state.run(.register(request: request))
        }
        let first = Self.rowFlags(state, 0)
        #expect(first.contains(.packedToken) && first.contains(.packedRequest))
        #expect(!Self.rowFlags(state, 1).contains(.packedToken) && !Self.rowFlags(state, 2).contains(.packedRequest))
        let snapshot = try state.snapshotJSON()
        let reloaded = try AgoraState(snapshotJSON: snapshot, range: 0..<snapshot.count)
        let codable = try JSONDecoder().decode(AgoraState.self, from: Data(snapshot))
        for (index, claim) in claims.enumerated() {
            #expect(state.registrations["r\(index)"]?.claim == claim)
            #expect(reloaded.registrations["r\(index)"]?.claim == claim)
            #expect(codable.registrations["r\(index)"]?.claim == claim, "the snapshot writes digests as hex")
        }
    }

    private static func rowFlags(_ state: AgoraState, _ row: Int) -> RegistrationTable.Flags {
        state.registrations.rows[row].flags
    }

    @Test func loadingInAnyOrderRestoresArrivalOrderAndRefusesSharedIds() throws {
        var state = try state(capacity: 1, waitingList: WaitingList())
        for id in ["z1", "a2", "m3"] { try state.run(.register(request: Fixture.request(id))) }
        // JSONEncoder writes the registrations sorted by id (a2, m3, z1): the waiting list must still be a2, m3.
        let codable = try JSONEncoderForTests.encode(state)
        let decoded = try AgoraState(snapshotJSON: Array(codable), range: 0..<codable.count)
        #expect(decoded.waitingList(eventId: "sample-2030") == ["a2", "m3"])
        #expect(decoded.registrations.map(\.id) == ["z1", "a2", "m3"])
        #expect(decoded == state)

        var registrations = Array(state.registrations)
        registrations.append(registrations[0])
        #expect(RegistrationTable(loading: registrations, count: registrations.count) == nil)
    }
}
