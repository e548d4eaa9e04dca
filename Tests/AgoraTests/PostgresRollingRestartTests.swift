// A rolling restart of two instances on one PostgreSQL database behind a load balancer (issue #15), configured as
// Docs/scaling.md documents it: drain A (SIGTERM, exit 0), start it again on the same port with the same store, wait
// until it is ready and the balancer sends it requests again, then the same for B — under steady read and
// registration load through the balancer, with no failed request.
import Foundation
import Glibc
import PostgresTesting
import Testing
import TestSupport

/// One after the other: each takes both cores for its load.
@Suite("PostgreSQL: a rolling restart behind nginx and HAProxy", .serialized)
struct PostgresRollingRestartTests {
    static let event = "rolling-2030"

    static let eventJSON = #"{"id":"\#(event)","title":{"fr":"Redémarrage"},"startsAt":"2030-11-21T09:00:00+01:00","#
        + #""endsAt":"2030-11-21T17:00:00+01:00","timeZone":"Europe/Luxembourg","defaultLanguage":"fr","#
        + #""registration":{"kind":"required","capacity":1000000}}"#

    /// `--drain-delay 0`: nginx has no health check to wait for; it relies on refused connections.
    @Test func behindNginxDrainingAndRestartingEachInTurnFailsNoRequest() throws {
        try Self.rollingRestart(drainDelay: 0) { ports in
            try NginxFront(page: "scaling.md", upstreams: [("10.0.0.11:8081", ports[0]), ("10.0.0.12:8081", ports[1])])
        }
    }

    /// `--drain-delay 3`: above HAProxy's `inter 1s fall 2`, so its check of `/readyz` takes the instance out
    /// before the drain proper begins.
    @Test func behindHAProxyDrainingAndRestartingEachInTurnFailsNoRequest() throws {
        try Self.rollingRestart(drainDelay: 3) { ports in
            try HAProxyFront(page: "scaling.md", servers: [("a 10.0.0.11:8081", ports[0]), ("b 10.0.0.12:8081", ports[1])])
        }
    }

    /// The whole procedure under load through the proxy `makeFront` starts in front of the two instances' ports, and
    /// what must hold after it.
    static func rollingRestart(drainDelay: Int, _ makeFront: ([Int]) throws -> any ProxyFront) throws {
        let url = try PostgresCluster.shared.createDatabase()
        let token = "rolling-admin-token-\(getpid())"
        let instances = try ["a", "b"].map { try RollingInstance($0, url: url, token: token, drainDelay: drainDelay) }
        for instance in instances { try instance.awaitListening() }
        let created = try instances[0].send("POST", "/events", body: eventJSON, admin: true)
        try #require(created.status == 201, "\(created.text)")
        try #require(RollingLoad.eventually(within: 5) {
            (try? instances[1].send("GET", "/events/\(event)"))?.status == 200
        }, "b follows the log before the load begins")

        let front = try makeFront(instances.map(\.port))
        defer { front.stop() }
        try #require(RollingLoad.eventually(within: 10) {
            (try? HTTPReply.get(port: front.port, "/events/\(event)"))?.status == 200
        }, "the proxy answers: \(front.errorLog)")
        let load = RollingLoad(port: front.port, event: event)
        load.start()
        defer { _ = load.stop() }
        try #require(load.waitFor(within: 20) { $0.completed(.steady, .read) >= 100 && $0.completed(.steady, .write) >= 20 },
                     "the load got going: \(load.snapshot.failures)")

        let steps: [(RollingInstance, RollingLoad.Phase, RollingLoad.Phase, RollingLoad.Phase)] = [
            (instances[0], .drainingA, .downA, .backA), (instances[1], .drainingB, .downB, .backB),
        ]
        for (instance, draining, down, back) in steps {
            load.phase = draining
            instance.process.signal(SIGTERM)
            try #require(instance.process.wait(timeout: .seconds(30)) == 0, "\(instance.name) drains and exits 0: \(instance.process.stderr)")
            load.phase = down
            // The load goes on without it: reads and registrations complete while it is down.
            try #require(load.waitFor(within: 20) { $0.completed(down, .read) >= 100 && $0.completed(down, .write) >= 20 },
                         "the load went on while \(instance.name) was down: \(load.snapshot.failures)")
            try instance.start()
            try instance.awaitListening()
            try #require(instance.awaitReady(), "\(instance.name) is ready again: \(instance.process.stderr)")
            load.phase = back
            // The proxy sends it requests again once it counts it up (nginx: `fail_timeout` after the last refused
            // connection; HAProxy: `rise` good checks); only then may the other one go, or for a moment the proxy
            // has no instance to send to (502, 503).
            try #require(load.waitFor(within: 20) { $0.servedBy(back, port: instance.port) >= 50 && $0.completed(back, .write) >= 20 },
                         "the proxy sends \(instance.name) requests again after its restart")
        }
        try #require(load.stop(), "every client ended")
        front.stop()

        let tally = load.snapshot
        let upstreamLines = front.errorLog.split(separator: "\n").filter { $0.contains("upstream") }
        // Why nginx passed requests on: a refused connection (the request never left nginx, whatever its method), or
        // a request sent on a kept connection the instance closed under it (only a GET may then be repeated).
        let upstreamErrors = front.errorLog.isEmpty ? ["none logged"]
            : ["connect() failed", "prematurely closed", "reset by peer", "no live upstreams"].map { kind in
                "\(kind): \(upstreamLines.filter { $0.contains(kind) }.count)"
            }
        print("rolling restart behind \(type(of: front)): \(tally.sent) requests, \(tally.failureCount) failed; "
              + "answered by a second instance after the first failed: \(tally.passedOn[0]) reads, \(tally.passedOn[1]) writes "
              + "(replayed \(tally.replayed)); upstream errors: \(upstreamErrors); "
              + "per phase (reads, writes): \(zip(RollingLoad.Phase.allCases, tally.completed).map { "\($0): \($1)" })")
        let logged = upstreamLines.prefix(10)
        #expect(tally.failureCount == 0, "\(tally.failureCount) of \(tally.sent) requests failed: \(tally.failures); logged: \(logged)")
        #expect(Set(tally.servedBy[RollingLoad.Phase.downA.rawValue].keys) == [instances[1].port], "b served everything while a was down")
        #expect(Set(tally.servedBy[RollingLoad.Phase.downB.rawValue].keys) == [instances[0].port], "a served everything while b was down")

        // Every registration a client was told about is served by both instances, and nothing else was registered
        // (a POST repeated by the proxy without its key's stored answer would be one more).
        let acknowledged = tally.acknowledged
        #expect(acknowledged.count >= 100)
        for instance in instances {
            var served: (ids: Set<String>, counts: [String: Int]) = ([], [:])
            let caughtUp = RollingLoad.eventually(within: 5) {
                served = (try? instance.registrations(of: event)) ?? ([], [:])
                return acknowledged.isSubset(of: served.ids)
            }
            #expect(caughtUp, "\(instance.name) serves every acknowledged registration (\(acknowledged.subtracting(served.ids).count) missing)")
            #expect(served.counts["confirmed"] == acknowledged.count, "\(instance.name): \(served.counts), \(acknowledged.count) acknowledged")
        }
        for instance in instances {
            instance.process.signal(SIGTERM)
            #expect(instance.process.wait(timeout: .seconds(30)) == 0)
        }
    }
}
