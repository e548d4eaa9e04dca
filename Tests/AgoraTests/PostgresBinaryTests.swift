// Three real `agora serve` processes on one PostgreSQL database (issue #15): capacity and waiting list hold
// under concurrent registrations spread over them, one Idempotency-Key sent to all three makes one registration,
// a change made through one is on the others' /changes streams within a second, and a SIGKILLed instance loses
// no acknowledged write.
import Dispatch
import Foundation
import Glibc
import PostgresTesting
import Synchronization
import Testing
import TestSupport

@Suite("PostgreSQL shared by several instances")
struct PostgresBinaryTests {
    @Test func threeHundredRegistrationsOverThreeInstancesKeepCapacityAndWaitingList() throws {
        let instances = try PostgresInstances(count: 3, name: "capacity")
        try instances.createEvent("shared-2030", capacity: 10, waiting: 20)
        let clients = instances.clients
        let statuses = Mutex<[String: Int]>([:])
        let group = DispatchGroup()
        for number in 0..<300 {
            DispatchQueue.global().async(group: group) {
                let reply = try? clients.send(number % 3, "POST", "/events/shared-2030/registrations",
                                                body: PostgresInstances.registration(number))
                let outcome: String
                switch reply?.status {
                case 201: outcome = (reply?.json["status"] as? String) ?? "201 without status"
                case 409: outcome = "refused"
                default: outcome = "status \(reply?.status ?? 0): \(reply?.text ?? "no answer")"
                }
                statuses.withLock { $0[outcome, default: 0] += 1 }
            }
        }
        group.wait()
        #expect(statuses.withLock { $0 } == ["confirmed": 10, "waitlisted": 20, "refused": 270])
        for index in 0..<3 {
            #expect(try PostgresInstances.eventually(within: 2) {
                try instances.counts(index, event: "shared-2030") == ["confirmed": 10, "waitlisted": 20, "cancelled": 0, "erased": 0]
            }, "instance \(index) serves the same counts")
        }
    }

    @Test func oneIdempotencyKeySentToAllThreeMakesOneRegistration() throws {
        let instances = try PostgresInstances(count: 3, name: "idempotency")
        try instances.createEvent("retry-2030", capacity: 10, waiting: 0)
        let clients = instances.clients
        let replies = Mutex<[HTTPReply]>([])
        DispatchQueue.concurrentPerform(iterations: 3) { index in
            if let reply = try? clients.send(index, "POST", "/events/retry-2030/registrations",
                                               headers: [("Idempotency-Key", "one-key-for-three")],
                                               body: PostgresInstances.registration(1)) {
                replies.withLock { $0.append(reply) }
            }
        }
        let answers = replies.withLock { $0 }
        #expect(answers.map(\.status) == [201, 201, 201])
        #expect(Set(answers.compactMap { $0.header("Location") }).count == 1, "the same registration for all three")
        for index in 0..<3 {
            #expect(try PostgresInstances.eventually(within: 2) { try instances.counts(index, event: "retry-2030")["confirmed"] == 1 })
        }
    }

    @Test func aSlotMovedThroughOneInstanceIsOnTheOthersChangeStreamsWithinASecond() throws {
        let instances = try PostgresInstances(count: 3, name: "changes")
        let streams = try [1, 2].map { index in
            try EventStreamClient(port: instances[index].port, target: "/changes", headers: [("Accept", "text/event-stream")])
        }
        for stream in streams { #expect(try stream.readHead() == 200) }
        let programme = try instances.send(0, "GET", "/events/assises-sociales-2025/programme")
        let etag = try #require(programme.header("ETag"))
        let started = Date()
        let moved = try instances.send(0, "PATCH", "/events/assises-sociales-2025/programme/anmeldung-und-empfang",
                                       headers: [("If-Match", etag)], body: #"{"startsAt":"2025-11-20T09:15:00+01:00"}"#,
                                       admin: true)
        #expect(moved.status == 200, "\(moved.text)")
        for stream in streams {
            let message = try #require(try stream.nextEvent(timeout: .seconds(1)))
            #expect(message.data?.contains("anmeldung-und-empfang") == true, "\(message.data ?? "")")
        }
        #expect(Date().timeIntervalSince(started) < 1.5)
    }

    @Test func aSIGKILLedInstanceLosesNoAcknowledgedWrite() throws {
        let instances = try PostgresInstances(count: 2, name: "kill")
        try instances.createEvent("kill-2030", capacity: 100_000, waiting: 0)
        let clients = instances.clients
        let acknowledged = Mutex<Set<String>>([])
        let group = DispatchGroup()
        for writer in 0..<8 {
            DispatchQueue.global().async(group: group) {
                for round in 0..<25 {
                    guard let reply = try? clients.send(writer % 2, "POST", "/events/kill-2030/registrations",
                                                          body: PostgresInstances.registration(writer * 1_000 + round)),
                          reply.status == 201, let id = reply.json["id"] as? String else { continue }
                    acknowledged.withLock { _ = $0.insert(id) }
                }
            }
        }
        #expect(PostgresInstances.eventually(within: 30) { acknowledged.withLock { $0.count } >= 40 })
        instances[0].process.signal(SIGKILL)
        group.wait()
        let written = acknowledged.withLock { $0 }
        #expect(written.count >= 40)
        #expect(try PostgresInstances.eventually(within: 5) { try written.isSubset(of: instances.registrationIDs(1, event: "kill-2030")) },
                "every acknowledged write is on the surviving instance")
        _ = instances[0].process.wait(timeout: .seconds(5))
        try instances.restart(0)
        #expect(try written.isSubset(of: instances.registrationIDs(0, event: "kill-2030")), "and on the killed one after its restart")
    }
}

extension PostgresBinaryTests {
    /// An erasure through one instance leaves none of what the person sent in any table (every row of every table,
    /// as pg_dump prints them), and the other instance no longer serves it.
    @Test func anErasureLeavesNothingOfThePersonInAnyTable() throws {
        let instances = try PostgresInstances(count: 2, name: "erasure")
        try instances.createEvent("erase-2030", capacity: 10, waiting: 0)
        let name = "Zoé Quetschenmüller-PG"
        let email = "zoe.quetschen.pg@example.lu"
        let key = "pg-erasure-key-quetschen"
        let body = #"{"name":"\#(name)","email":"\#(email)","organisation":"Asbl Quetschentaart PG","consent":true}"#
        let registered = try instances.send(0, "POST", "/events/erase-2030/registrations", headers: [("Idempotency-Key", key)],
                                            body: body)
        #expect(registered.status == 201, "\(registered.text)")
        let id = try #require(registered.json["id"] as? String)
        let before = try PostgresCluster.shared.dump(instances.url)
        #expect(before.contains(email) && before.contains(key), "precondition: the dump shows what the log holds")
        #expect(try PostgresInstances.eventually(within: 2) { try instances.send(1, "GET", "/registrations/\(id)", admin: true).text.contains(email) })

        let erased = try instances.send(0, "DELETE", "/registrations/\(id)/personal-data", admin: true)
        #expect(erased.status == 204, "\(erased.text)")
        let after = try PostgresCluster.shared.dump(instances.url)
        for value in [name, email, key, "Quetschentaart PG"] {
            #expect(!after.contains(value), "\(value) is still in a table after the acknowledged erasure")
        }
        #expect(try PostgresInstances.eventually(within: 2) {
            !(try instances.send(1, "GET", "/registrations/\(id)", admin: true).text.contains(email))
        }, "the other instance drops it from memory")
    }
}

extension PostgresBinaryTests {
    /// PostgreSQL stopped under a running instance: writes answer 503 with Retry-After, reads go on, /readyz says
    /// so; once it is back the instance reconnects by itself and takes writes again.
    @Test func postgresDownRefusesWritesWithRetryAfterWhileReadsGoOn() throws {
        let cluster = try PostgresCluster()
        let instances = try PostgresInstances(count: 1, name: "down", cluster: cluster)
        try instances.createEvent("down-2030", capacity: 10, waiting: 0)
        cluster.stop()
        let refused = try instances.send(0, "POST", "/events/down-2030/registrations", body: PostgresInstances.registration(1))
        #expect(refused.status == 503)
        #expect(refused.header("Retry-After") != nil)
        #expect(try instances.send(0, "GET", "/events/down-2030").status == 200, "reads are served from memory")
        #expect(try instances.send(0, "GET", "/readyz").status == 503)
        try cluster.start()
        #expect(try PostgresInstances.eventually(within: 20) { try instances.send(0, "GET", "/readyz").status == 200 })
        let accepted = try instances.send(0, "POST", "/events/down-2030/registrations", body: PostgresInstances.registration(2))
        #expect(accepted.status == 201, "\(accepted.text)")
    }
}
