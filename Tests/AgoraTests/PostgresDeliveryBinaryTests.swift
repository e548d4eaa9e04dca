// One deliverer for several instances (issue #15): with a PostgreSQL store the webhook subscriptions are shared
// (created through one instance, seen and delivered through all), exactly one instance — the holder of the
// delivery lease — sends, every change arrives once, and when the deliverer is SIGKILLed another one takes over
// within seconds and resumes from the cursors in the database: nothing owed is lost.
import Dispatch
import Foundation
import Glibc
import Synchronization
import Testing
import TestSupport

@Suite("Postgres one deliverer: webhooks")
struct PostgresDeliveryBinaryTests {
    /// The loopback receiver is on the operator's own network (AddressPolicy): allowed by name, quick retries.
    static let receiverArguments = ["--webhook-allowed-hosts", "127.0.0.1", "--webhook-first-retry", "0.05"]

    /// Creates a subscription to availability changes through instance 0; returns its id and `createdAfter`.
    static func subscribe(_ instances: DeliveryInstances, to receiver: WebhookReceiver) throws -> (String, Int) {
        let created = try instances.send(0, "POST", "/webhooks", body: #"{"url":"http://127.0.0.1:\#(receiver.port)/hook","types":["availability.updated"]}"#,
                                         admin: true)
        #expect(created.status == 201, "\(created.text)")
        let id = try #require(created.json["id"] as? String)
        let after = try #require(created.json["createdAfter"] as? Int)
        for index in instances.ports.indices {
            #expect(try PostgresInstances.eventually(within: 5) {
                let view = try instances.send(index, "GET", "/webhooks/\(id)", admin: true)
                return view.status == 200 && view.text.contains("\(receiver.port)/hook")
            }, "instance \(index) serves the subscription created through instance 0")
        }
        return (id, after)
    }

    static func register(_ clients: PostgresInstances.Clients, _ index: Int, event: String, _ number: Int) -> Bool {
        (try? clients.send(index, "POST", "/events/\(event)/registrations", body: PostgresInstances.registration(number)))?.status == 201
    }

    @Test func threeInstancesDeliverEveryChangeExactlyOnce() throws {
        let receiver = try WebhookReceiver()
        let instances = try DeliveryInstances(count: 3, name: "once", arguments: Self.receiverArguments)
        let deliverer = try #require(instances.deliverer(), "an instance takes the delivery lease")
        let event = #"{"id":"hooks-2030","title":{"fr":"Crochets"},"startsAt":"2030-11-21T09:00:00+01:00","#
            + #""endsAt":"2030-11-21T17:00:00+01:00","timeZone":"Europe/Luxembourg","defaultLanguage":"fr","#
            + #""registration":{"kind":"required","capacity":100}}"#
        #expect(try instances.send(0, "POST", "/events", body: event, admin: true).status == 201)
        let (id, after) = try Self.subscribe(instances, to: receiver)
        let clients = instances.clients
        let acknowledged = Atomic<Int>(0)
        DispatchQueue.concurrentPerform(iterations: 30) { number in
            if Self.register(clients, number % 3, event: "hooks-2030", number) { acknowledged.add(1, ordering: .relaxed) }
        }
        #expect(acknowledged.load(ordering: .relaxed) == 30)
        // One availability change a registration, as every instance's feed derives them from the log.
        var expected: Set<Int> = []
        #expect(try PostgresInstances.eventually(within: 5) {
            expected = try instances.availabilityChanges(1, after: after)
            return expected.count == 30
        }, "\(expected.count) changes")
        #expect(PostgresInstances.eventually(within: 15) {
            Set(receiver.deliveries.map(\.sequence)).isSuperset(of: expected)
        }, "every change is delivered: \(expected.subtracting(receiver.deliveries.map(\.sequence)).sorted())")
        let deliveries = receiver.deliveries
        #expect(deliveries.count == expected.count, "each change once, not once per instance")
        #expect(Set(deliveries.map(\.id)).count == deliveries.count, "no webhook-id twice")
        #expect(Set(deliveries.map(\.sequence)) == expected)
        #expect(deliveries.allSatisfy { $0.id == "msg_\(id)_\($0.sequence)" })
        #expect(deliveries.map(\.sequence) == deliveries.map(\.sequence).sorted(), "in sequence order")
        #expect((0..<3).map { instances.leasesTaken($0) }.reduce(0, +) == 1, "one deliverer: instance \(deliverer)")
        let held = try (0..<3).map { MetricsScrape(try instances.send($0, "GET", "/metrics", admin: true)).value("agora_delivery_lease_held") }
        #expect(held == (0..<3).map { $0 == deliverer ? 1.0 : 0.0 }, "the lease gauge names the deliverer")
        #expect(try PostgresInstances.eventually(within: 5) {
            (try instances.send((deliverer + 1) % 3, "GET", "/webhooks/\(id)", admin: true).json["backlog"] as? Int) == 0
        }, "another instance's view shows the backlog delivered")
    }

    @Test func aSIGKILLedDelivererIsTakenOverWithoutLoss() throws {
        let receiver = try WebhookReceiver()
        let instances = try DeliveryInstances(count: 3, name: "takeover", arguments: Self.receiverArguments)
        let deliverer = try #require(instances.deliverer(), "an instance takes the delivery lease")
        let survivors = (0..<3).filter { $0 != deliverer }
        let event = #"{"id":"takeover-2030","title":{"fr":"Relève"},"startsAt":"2030-11-21T09:00:00+01:00","#
            + #""endsAt":"2030-11-21T17:00:00+01:00","timeZone":"Europe/Luxembourg","defaultLanguage":"fr","#
            + #""registration":{"kind":"required","capacity":5000}}"#
        #expect(try instances.send(survivors[0], "POST", "/events", body: event, admin: true).status == 201)
        let (_, after) = try Self.subscribe(instances, to: receiver)
        // Steady registrations through the two that stay, while the deliverer is killed.
        let clients = instances.clients
        let acknowledged = Atomic<Int>(0)
        let stop = Atomic<Bool>(false)
        let load = DispatchGroup()
        for writer in 0..<2 {
            DispatchQueue.global().async(group: load) {
                var number = writer * 100_000
                while !stop.load(ordering: .relaxed) {
                    number += 1
                    if Self.register(clients, survivors[number % 2], event: "takeover-2030", number) {
                        acknowledged.add(1, ordering: .relaxed)
                    }
                }
            }
        }
        #expect(PostgresInstances.eventually(within: 10) { receiver.deliveries.count >= 20 }, "delivering under load")
        instances.processes[deliverer].signal(SIGKILL)
        let killedAt = Date()
        let successor = instances.deliverer(among: survivors, within: 10)
        let takeover = Date().timeIntervalSince(killedAt)
        #expect(successor != nil, "a survivor takes the lease")
        #expect(takeover < 5, "taken over in \(takeover) s")
        let before = acknowledged.load(ordering: .relaxed)
        _ = PostgresInstances.eventually(within: 10) { acknowledged.load(ordering: .relaxed) >= before + 40 }
        stop.store(true, ordering: .relaxed)
        load.wait()
        var expected: Set<Int> = []
        #expect(try PostgresInstances.eventually(within: 5) {
            expected = try instances.availabilityChanges(survivors[0], after: after)
            let other = try instances.availabilityChanges(survivors[1], after: after)
            return expected.count >= acknowledged.load(ordering: .relaxed) && expected == other
        }, "the survivors' feeds hold every acknowledged registration's change")
        #expect(PostgresInstances.eventually(within: 20) {
            Set(receiver.deliveries.map(\.sequence)).isSuperset(of: expected)
        }, "nothing lost: \(expected.subtracting(receiver.deliveries.map(\.sequence)).sorted())")
        let deliveries = receiver.deliveries
        #expect(Set(deliveries.map(\.sequence)) == expected, "nothing but the changes")
        // At least once: a duplicate is only what was in flight when the deliverer died (one per subscription).
        let duplicates = deliveries.count - Set(deliveries.map(\.id)).count
        #expect(duplicates <= 1, "\(duplicates) duplicates")
    }
}
