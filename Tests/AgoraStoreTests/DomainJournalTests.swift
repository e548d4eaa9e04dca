import AgoraDomain
import AgoraStore
import Foundation
import Testing
import TestSupport
import AgoraStoreTesting

/// The real domain through the store: registrations journaled, replayed, erased from disk.
@Suite struct DomainJournalTests {
    private static func at(_ text: String) -> Instant {
        Instant(rfc3339: text) ?? Instant(secondsSince1970: 0)
    }

    private static let event = Event(
        id: "assises-2030", series: "Assises sociales", edition: 9, title: .fr("Assises sociales – Œuvres ë ß"),
        startsAt: at("2030-06-15T09:00:00+02:00"), endsAt: at("2030-06-15T17:00:00+02:00"),
        timeZone: "Europe/Luxembourg", defaultLanguage: "fr",
        registration: .required(RegistrationRules(capacity: 2, waitingList: WaitingList()))
    )

    private static func register(_ id: String, email: String) -> AgoraDomain.Command {
        .register(request: RegistrationRequest(id: id, eventId: event.id, name: "Person \(id)", email: email,
                                               organisation: "Asbl \(id)", language: "fr",
                                               requestedAt: at("2030-06-01T10:00:00Z")))
    }

    private func open(_ dir: TemporaryDirectory) throws -> DurableStore<AgoraState> {
        try DurableStore<AgoraState>.open(directory: dir.data, options: StoreOptions(snapshotEverySeconds: 0)) {
            AgoraState()
        }
    }

    @Test func registrationsAndPromotionSurviveACrash() async throws {
        let dir = TemporaryDirectory()
        let store = try open(dir)
        #expect(try await store.submit(.createEvent(event: Self.event)).get() == .created(id: Self.event.id))
        #expect(try await store.submit(Self.register("r1", email: "one@example.lu")).get() == .registered(id: "r1", .confirmed))
        #expect(try await store.submit(Self.register("r2", email: "two@example.lu")).get() == .registered(id: "r2", .confirmed))
        #expect(try await store.submit(Self.register("r3", email: "three@example.lu")).get() == .registered(id: "r3", .waitlisted))
        let cancelled = try await store.submit(.cancelRegistration(registrationId: "r1", at: Self.at("2030-06-02T10:00:00Z"))).get()
        #expect(cancelled == .cancelled(id: "r1", promoted: "r3"))

        let image = try dir.crashImage()
        let live = store.state
        try store.close()
        let recovered = try DurableStore<AgoraState>.open(directory: image.data) { AgoraState() }
        #expect(recovered.state == live)
        #expect(recovered.state.registrations["r3"]?.status == .confirmed)
        #expect(recovered.state.confirmedCount(eventId: Self.event.id) == 2)
        #expect(recovered.sequence == 5)
        try recovered.close()
    }

    @Test func domainRejectionIsTypedAndNotJournaled() async throws {
        let dir = TemporaryDirectory()
        let store = try open(dir)
        let result = await store.submit(Self.register("r1", email: "one@example.lu"))
        guard case .failure(.rejected(.notFound(.event, let id))) = result else {
            Issue.record("expected notFound(event), got \(result)")
            return
        }
        #expect(id == Self.event.id)
        #expect(store.sequence == 0)
        #expect(try dir.read("journal.jsonl").isEmpty)
        try store.close()
    }

    @Test func erasedRegistrationLeavesNoPersonalDataOnDisk() async throws {
        let dir = TemporaryDirectory()
        let store = try open(dir)
        _ = try await store.submit(.createEvent(event: Self.event)).get()
        _ = try await store.submit(Self.register("r1", email: "erase.me@example.lu")).get()
        _ = try await store.submit(Self.register("r2", email: "keep.me@example.lu")).get()
        #expect(try dir.allDataBytes().contains("erase.me@example.lu"))

        let erased = try await store.submit(.eraseRegistration(registrationId: "r1", at: Self.at("2030-06-03T10:00:00Z"))).get()
        #expect(erased == .erased(id: "r1"))
        let bytes = try dir.allDataBytes()
        #expect(!bytes.contains("erase.me@example.lu"))
        #expect(!bytes.contains("Person r1"))
        #expect(bytes.contains("keep.me@example.lu"))
        try store.close()
    }

    @Test func deletingAnEventPurgesItsRegistrationsFromDisk() async throws {
        let dir = TemporaryDirectory()
        let store = try open(dir)
        _ = try await store.submit(.createEvent(event: Self.event)).get()
        _ = try await store.submit(Self.register("r1", email: "gone.with.event@example.lu")).get()
        _ = try await store.submit(.deleteEvent(eventId: Self.event.id)).get()
        #expect(!(try dir.allDataBytes().contains("gone.with.event@example.lu")))
        try store.close()
    }

    @Test func seededStateRoundTripsThroughTheSnapshot() throws {
        let seedDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../Config/seed").standardized
        let documents = try FileManager.default.contentsOfDirectory(atPath: seedDirectory.path).sorted()
            .filter { $0.hasSuffix(".json") }
            .map { try SeedDocument(json: Data(contentsOf: seedDirectory.appendingPathComponent($0))) }
        try #require(!documents.isEmpty)
        let seeded = try Seed.state(from: documents)

        let dir = TemporaryDirectory()
        let store = try DurableStore<AgoraState>.open(directory: dir.data) { seeded }
        try store.close()
        let reopened = try DurableStore<AgoraState>.open(directory: dir.data) { AgoraState() }
        #expect(reopened.state == seeded)
        #expect(!reopened.state.events.isEmpty)
        try reopened.close()
    }
}
