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

    /// The snapshot load builds the indexes from hashes computed in parallel parts (`finishLoadingOnEveryCore`): the
    /// same table as the serial build, lookups by id and by address included, and the same refusal of two rows with
    /// one id, also when the ids are only canonically equal ("café" precomposed and decomposed).
    @Test func theParallelIndexBuildGivesTheSerialTableAndRefusesSharedIds() throws {
        func registration(_ id: String, _ sequence: Int, email: String, status: RegistrationStatus = .confirmed) -> Registration {
            Registration(id: id, eventId: "e\(sequence % 3)", slotId: sequence % 2 == 0 ? "s1" : nil,
                         personalData: PersonalData(name: "N \(id)", email: email), language: "fr", status: status,
                         createdAt: Instant(secondsSince1970: 1_900_000_000 + Int64(sequence)), cancelledAt: nil, erasedAt: nil,
                         sequence: sequence, claim: nil)
        }
        func loaded(_ registrations: [Registration]) -> RegistrationTable? {
            var table = RegistrationTable()
            table.beginLoading(reservingCapacity: registrations.count)
            for registration in registrations { table.appendLoaded(registration) }
            return table.finishLoadingOnEveryCore() ? table : nil
        }
        let registrations = (1...500).map { registration("r\($0)", $0, email: "P\($0 % 250)@Example.lu",
                                                         status: $0 % 7 == 0 ? .cancelled : $0 % 5 == 0 ? .waitlisted : .confirmed) }
        let parallel = try #require(loaded(registrations))
        let serial = try #require(RegistrationTable(loading: registrations, count: registrations.count))
        #expect(parallel == serial)
        for index in [1, 2, 250, 499, 500] {
            #expect(parallel["r\(index)"] == serial["r\(index)"])
            #expect(parallel.row(id: "r\(index)") == Int32(index - 1))
        }
        for eventId in ["e0", "e1", "e2"] {
            #expect(parallel.confirmedCount(eventId: eventId) == serial.confirmedCount(eventId: eventId))
            #expect(parallel.waitingIds(eventId: eventId) == serial.waitingIds(eventId: eventId))
            for slotId in [nil, "s1"] {
                for email in ["p2@example.lu", "P3@EXAMPLE.LU", "nobody@example.lu"] {
                    #expect(parallel.admission(eventId: eventId, slotId: slotId, email: email).existing
                        == serial.admission(eventId: eventId, slotId: slotId, email: email).existing, "\(eventId) \(email)")
                }
            }
        }
        #expect(loaded(registrations + [registration("r7", 501, email: "x@example.lu")]) == nil)
        #expect(loaded([registration("caf\u{E9}", 1, email: "a@example.lu"), registration("x", 2, email: "b@example.lu"),
                        registration("cafe\u{301}", 3, email: "c@example.lu")]) == nil)
        #expect(loaded([registration("caf\u{E9}", 1, email: "a@example.lu"), registration("cafe", 2, email: "b@example.lu")]) != nil)
    }
}
