// `If-Match` across two real instances on one PostgreSQL database (issue #15): the same ETag sent to both for
// conflicting updates of one event at once gives exactly one 2xx and one 412 — the store judges the precondition
// inside the append, on the log's head, not on the receiving instance's possibly-behind state.
import Dispatch
import Foundation
import Synchronization
import Testing
import TestSupport

extension PostgresBinaryTests {
    @Test func oneETagSentToTwoInstancesForConflictingUpdatesWinsOnce() throws {
        let instances = try PostgresInstances(count: 2, name: "if-match")
        try instances.createEvent("contested-2030", capacity: 10, waiting: 0)
        let clients = instances.clients
        for round in 0..<25 {
            // Both instances serve the same tag first, so each accepts it on its own state: only the store's
            // judgement on the latest state can refuse the second write.
            var served = ""
            #expect(try PostgresInstances.eventually(within: 2) {
                let tags = try [0, 1].map { try instances.send($0, "GET", "/events/contested-2030").header("ETag") ?? "" }
                served = tags[0]
                return tags[0] == tags[1] && !served.isEmpty
            }, "round \(round): both instances serve one ETag")
            let etag = served
            let statuses = Mutex<[Int]>([])
            DispatchQueue.concurrentPerform(iterations: 2) { index in
                let body = Self.contestedEvent(title: "Round \(round) through \(index)")
                let reply = try? clients.send(index, "PUT", "/events/contested-2030", headers: [("If-Match", etag)],
                                              body: body, admin: true)
                statuses.withLock { $0.append(reply?.status ?? 0) }
            }
            #expect(statuses.withLock { $0.sorted() } == [200, 412], "round \(round)")
        }
    }

    private static func contestedEvent(title: String) -> String {
        #"{"id":"contested-2030","title":{"fr":"\#(title)"},"startsAt":"2030-11-21T09:00:00+01:00","#
            + #""endsAt":"2030-11-21T17:00:00+01:00","timeZone":"Europe/Luxembourg","defaultLanguage":"fr","#
            + #""registration":{"kind":"required","capacity":10,"waitingList":{"capacity":0}}}"#
    }
}
