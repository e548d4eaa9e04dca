import AgoraDomain
import AgoraDomainTesting
import AgoraStore
import AgoraStoreTesting
import Foundation
import Testing
import TestSupport
@testable import AgoraAPI

/// Issue 16: a store recovered by the streamed snapshot reader and the parallel journal replay serves every public
/// representation with the ETag the whole-file reader's state gives it, so no client's cached copy or If-Match breaks
/// across a restart on the new build.
@Suite struct RecoveredTaggingTests {
    private static func api(_ store: DurableStore<AgoraState>) -> AgoraAPI {
        AgoraAPI(store: store, now: { Instant(secondsSince1970: 1_900_050_000) }, ids: IdentifierSource { "test-id" })
    }

    private static func resources(_ state: AgoraState) -> [ReadResource] {
        var resources: [ReadResource] = [
            .events(APIFixture.request(.get, "/events?past=true")), .partners(APIFixture.request(.get, "/partners")),
            .slots(APIFixture.request(.get, "/programme?past=true")),
        ]
        for id in state.events.keys.sorted() {
            resources += [.event(id: id), .programme(eventId: id), .eventPartners(eventId: id), .eventCalendar(eventId: id),
                          .schedule(eventId: id, format: .json), .schedule(eventId: id, format: .xml), .linkedData(eventId: id)]
        }
        return resources + state.partners.keys.sorted().map { ReadResource.partner(id: $0) }
    }

    @Test func snapshotAndJournalRecoveryServeTheWholeFileStatesETags() throws {
        let commands = Fixture.recoveryCommands(events: 70)
        let dir = TemporaryDirectory()
        let options = StoreOptions(snapshotEverySeconds: 0, recoveryReadBytes: 777)
        // The erasures in the middle snapshot at once: the first half is in the snapshot, the second in the journal
        // of what a crash now would leave.
        let store = try DurableStore<AgoraState>.open(directory: dir.data, options: options) { AgoraState() }
        for command in commands { _ = store.submitAndWait(command) }
        let image = try dir.crashImage()
        try store.close()
        #expect(try image.read("journal.jsonl").count > 10_000, "the journal holds the second half")
        let recovered = try DurableStore<AgoraState>.open(directory: image.data, options: options) { AgoraState() }
        defer { try? recovered.close() }
        #expect(recovered.recoveryWarnings.isEmpty)

        var expected = AgoraState()
        for command in commands { _ = try? expected.apply(command) }
        let snapshot = try expected.snapshotJSON()
        let whole = try AgoraState(snapshotJSON: snapshot, range: 0..<snapshot.count)
        #expect(recovered.state == whole)

        let reference = TemporaryDirectory()
        let wholeStore = try DurableStore<AgoraState>.open(directory: reference.data, options: options) { whole }
        defer { try? wholeStore.close() }
        let (served, referenced) = (Self.api(recovered), Self.api(wholeStore))
        let resources = Self.resources(whole)
        #expect(resources.count > 400)
        for resource in resources {
            let tag = served.currentETag(of: resource)
            #expect(tag != nil && tag == referenced.currentETag(of: resource), "\(resource.path)")
        }
    }
}
