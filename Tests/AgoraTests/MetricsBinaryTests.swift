import Cryptography
import Glibc
import Testing
import TestSupport

/// `GET /metrics` of the real binary: each series moves when what it counts happens, and only those allowed
/// read it. Every figure is compared before and after the one thing the test does, on one server per test.
@Suite("GET /metrics with the real binary")
struct MetricsBinaryTests {
    static let admin = "metrics-admin-token-0123456789"
    static let editor = "metrics-editor-token-0123456789"

    final class Server {
        let process: AgoraProcess
        let port: Int

        init(_ name: String, extra: [String] = []) throws {
            let directory = AgoraProcess.temporaryDirectory(name)
            let editorHash = SHA256.hex(editor)
            process = try AgoraProcess(["serve", "--port", "0", "--data-dir", directory + "/data",
                                        "--tokens", "editor:\(editorHash):ci-editor"] + extra,
                                       environment: ["AGORA_ADMIN_TOKEN": admin])
            port = try #require(process.listeningPort(), "\(process.stderr)")
        }

        func scrape() throws -> MetricsScrape {
            let reply = try HTTPReply.get(port: port, "/metrics", [("Authorization", "Bearer \(admin)")])
            #expect(reply.status == 200, "\(reply.text)")
            return MetricsScrape(reply)
        }

        func send(_ method: String, _ path: String, token: String? = nil, body: String? = nil) throws -> HTTPReply {
            let headers = (token.map { [("Authorization", "Bearer \($0)")] } ?? [])
                + (body == nil ? [] : [("Content-Type", "application/json")])
            return try HTTPReply.send(port: port, method: method, path: path, headers: headers,
                                      body: body.map { Array($0.utf8) })
        }

        func stop() {
            process.signal(SIGTERM)
            #expect(process.wait() == 0)
        }
    }

    static let duration = "http_server_request_duration_seconds_count"

    @Test func aRequestMovesTheHistogramOfItsRouteTemplateNeverItsRawPath() throws {
        let server = try Server("metrics-route")
        defer { server.stop() }
        let route = ["http_route": "/events/{id}", "http_request_method": "GET", "http_response_status_code": "404"]
        let before = try server.scrape()
        #expect(try server.send("GET", "/events/no-such-event-4711").status == 404)
        let after = try server.scrape()
        #expect(after.value(Self.duration, route) == before.value(Self.duration, route) + 1)
        #expect(!after.reply.text.contains("no-such-event-4711"), "the raw path is never a label")
        #expect(after.reply.header("Content-Type") == "text/plain; version=0.0.4; charset=utf-8")
        // An unknown path is one fixed label, whatever the path.
        _ = try server.send("GET", "/nothing/here/\(getpid())")
        let unmatched = try server.scrape()
        #expect(unmatched.value(Self.duration, ["http_route": "unmatched", "http_response_status_code": "404"]) == 1)
        #expect(unmatched.value("http_server_active_requests") == 1, "the scrape itself is in flight")
        #expect(unmatched.value("http_server_open_connections", ["state": "writing"]) >= 1)
        #expect(unmatched.value("http_server_received_bytes_total") > before.value("http_server_received_bytes_total"))
        #expect(unmatched.value("http_server_sent_bytes_total") > before.value("http_server_sent_bytes_total"))
        #expect(unmatched.value("agora_build_info") == 1)
        #expect(unmatched.value("process_resident_memory_bytes") > 1_000_000)
        #expect(unmatched.value("process_open_fds") > 3)
        #expect(unmatched.has("process_cpu_seconds_total"))
    }

    @Test func aParseErrorMovesItsKind() throws {
        let server = try Server("metrics-parse")
        defer { server.stop() }
        let before = try server.scrape()
        let client = try RawClient(port: server.port)
        try client.send("GET /events HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n")
        #expect(try client.readResponse().status == 400)
        let after = try server.scrape()
        let kind = ["kind": "multiple_hosts"]
        #expect(after.value("http_server_parse_errors_total", kind) == before.value("http_server_parse_errors_total", kind) + 1)
    }

    @Test func aTimeoutMovesItsKind() throws {
        let server = try Server("metrics-timeout", extra: ["--header-timeout", "0.2"])
        defer { server.stop() }
        let before = try server.scrape()
        let client = try RawClient(port: server.port)
        try client.send("GET /events HTTP/1.1\r\nHost: a\r\n")   // the head never ends
        #expect(try client.readResponse().status == 408)
        let after = try server.scrape()
        #expect(after.value("http_server_timeouts_total", ["kind": "header"])
                == before.value("http_server_timeouts_total", ["kind": "header"]) + 1)
        #expect(after.value("http_server_timeouts_total", ["kind": "body"]) == 0)
    }

    @Test func aWriteMovesCommitLatencySequenceAndStateSizes() throws {
        let server = try Server("metrics-write")
        defer { server.stop() }
        let before = try server.scrape()
        let event = #"{"id":"metrics-2030","title":{"fr":"Mesures"},"startsAt":"2030-11-21T09:00:00+01:00","#
            + #""endsAt":"2030-11-21T17:00:00+01:00","timeZone":"Europe/Luxembourg","defaultLanguage":"fr","#
            + #""registration":{"kind":"required","capacity":10}}"#
        let created = try server.send("POST", "/events", token: Self.editor, body: event)
        #expect(created.status == 201, "\(created.text)")
        let after = try server.scrape()
        #expect(after.value("agora_store_commit_duration_seconds_count") == before.value("agora_store_commit_duration_seconds_count") + 1)
        #expect(after.value("agora_store_commit_duration_seconds_sum") > before.value("agora_store_commit_duration_seconds_sum"))
        #expect(after.value("agora_store_commit_batch_size_count") == before.value("agora_store_commit_batch_size_count") + 1)
        #expect(after.value("agora_store_sequence") == before.value("agora_store_sequence") + 1)
        #expect(after.value("agora_events") == before.value("agora_events") + 1)
        #expect(after.value("agora_store_journal_bytes") > before.value("agora_store_journal_bytes"))
        #expect(after.value("agora_store_unwritable") == 0)
        let post = ["http_route": "/events", "http_request_method": "POST", "http_response_status_code": "201"]
        #expect(after.value(Self.duration, post) == 1)

        let registration = #"{"name":"Mesure","email":"mesure@example.lu","consent":true}"#
        #expect(try server.send("POST", "/events/metrics-2030/registrations", body: registration).status == 201)
        let registered = try server.scrape()
        #expect(registered.value("agora_registrations", ["status": "confirmed"])
                == after.value("agora_registrations", ["status": "confirmed"]) + 1)
    }

    @Test func aRefusedRateLimitMovesItsCounter() throws {
        let server = try Server("metrics-rate", extra: ["--registration-rate-burst", "1", "--registration-rate-per-minute", "1"])
        defer { server.stop() }
        let event = #"{"id":"rate-2030","title":{"fr":"Limite"},"startsAt":"2030-11-21T09:00:00+01:00","#
            + #""endsAt":"2030-11-21T17:00:00+01:00","timeZone":"Europe/Luxembourg","defaultLanguage":"fr","#
            + #""registration":{"kind":"required","capacity":10}}"#
        #expect(try server.send("POST", "/events", token: Self.admin, body: event).status == 201)
        let before = try server.scrape()
        #expect(before.value("agora_registration_rate_limited_total") == 0)
        for (index, expected) in [201, 429].enumerated() {
            let body = #"{"name":"Rate \#(index)","email":"rate\#(index)@example.lu","consent":true}"#
            #expect(try server.send("POST", "/events/rate-2030/registrations", body: body).status == expected)
        }
        #expect(try server.scrape().value("agora_registration_rate_limited_total") == 1)
    }

    @Test func withoutTheAdminTokenOrOutsideMetricsAllowFromTheAnswerIs401Or403() throws {
        let server = try Server("metrics-access")
        defer { server.stop() }
        let missing = try server.send("GET", "/metrics")
        #expect(missing.status == 401)
        #expect(missing.header("Content-Type") == "application/problem+json")
        #expect(missing.header("WWW-Authenticate")?.hasPrefix("Bearer") == true)
        #expect(try server.send("GET", "/metrics", token: "not-a-token-of-ours").status == 401)
        let editor = try server.send("GET", "/metrics", token: Self.editor)
        #expect(editor.status == 403, "an editor token lacks the admin role")
        #expect(editor.header("Content-Type") == "application/problem+json")
        // The access log names the token's role and name, never the token.
        #expect(server.process.waitForLine(containing: "\"token\":\"ci-editor\"")?.contains("\"role\":\"editor\"") == true)
        #expect(!server.process.stdout.contains(Self.editor))

        let outside = try Server("metrics-outside", extra: ["--metrics-allow-from", "10.0.0.0/8,fd00::/8"])
        defer { outside.stop() }
        let refused = try outside.send("GET", "/metrics")
        #expect(refused.status == 403, "\(refused.text)")
        #expect(refused.header("Content-Type") == "application/problem+json")
        #expect(try outside.scrape().has("agora_store_sequence"), "the admin token still works")

        let inside = try Server("metrics-inside", extra: ["--metrics-allow-from", "127.0.0.0/8"])
        defer { inside.stop() }
        #expect(try inside.send("GET", "/metrics").status == 200)
    }

    @Test func tlsHandshakesAndTheirFailuresAreCountedAndTheAccessLogNamesTheVersion() throws {
        try withCertificates { certificates in
            let pair = try certificates.makeSelfSigned(commonName: "localhost")
            let server = try Server("metrics-tls", extra: ["--tls-port", "0", "--tls-cert", pair.certificate,
                                                           "--tls-key", pair.key])
            defer { server.stop() }
            let tlsPort = try #require(server.process.tlsListeningPort())
            let before = try server.scrape()
            let fetched = try curlHTTPS(port: tlsPort, certificate: pair.certificate, paths: ["/events?lang=fr"],
                                        extra: ["--tlsv1.3"])
            #expect(fetched.status == 0, "\(fetched.stderr)")
            // Plain HTTP to the TLS port is no handshake.
            let plain = try RawClient(port: tlsPort)
            try plain.send("GET /events HTTP/1.1\r\nHost: a\r\n\r\n")
            _ = try plain.waitForClose()
            let after = try server.scrape()
            #expect(after.value("tls_server_handshakes_total") == before.value("tls_server_handshakes_total") + 1)
            let violation = ["reason": "protocol_violation"]
            #expect(after.value("tls_server_handshake_failures_total", violation)
                    == before.value("tls_server_handshake_failures_total", violation) + 1)
            let line = try #require(server.process.waitForLine(containing: "\"query\":\"lang=fr\""))
            #expect(line.contains("\"tls\":\"TLSv1.3\"") && line.contains("\"route\":\"/events\""), "\(line)")
        }
    }

    @Test func metricsOffMeansNoRoute() throws {
        let server = try Server("metrics-off", extra: ["--no-metrics"])
        defer { server.stop() }
        #expect(try server.send("GET", "/metrics", token: Self.admin).status == 404)
    }

    @Test func anEntryOfMetricsAllowFromThatIsNoNetworkStopsTheServer() throws {
        let process = try AgoraProcess(["serve", "--port", "0", "--data-dir", AgoraProcess.temporaryDirectory("metrics-bad") + "/data",
                                        "--metrics-allow-from", "127.0.0.1/8,localhost"])
        #expect(process.wait() == 2)
        #expect(process.stderr.contains("metricsAllowFrom") && process.stderr.contains("entry 2"), "\(process.stderr)")
    }
}
