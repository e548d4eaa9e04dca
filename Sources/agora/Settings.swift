import HTTPServer

/// Every setting of `agora serve`, in one table: `--help`, validation and Docs/configuration.md follow it, so they
/// cannot drift apart.
enum Settings {
    static let all: [Setting] = [
        Setting(key: "host", kind: .string, defaultValue: "127.0.0.1", help: "Address to listen on (0.0.0.0 or :: for all)."),
        Setting(key: "port", kind: .integer(0...65535), defaultValue: "8080", help: "Plain HTTP port (0: any free port)."),
        Setting(key: "dataDir", kind: .string, defaultValue: ".data", help: "Directory for the journal and snapshots (created if missing)."),
        Setting(key: "seed", kind: .boolean, defaultValue: "true", help: "Seed an empty data directory with Config/seed (false = start empty)."),
        Setting(key: "seedDir", kind: .string, defaultValue: "", help: "Where the seed documents are (default: Config/seed next to the working directory or the binary)."),
        Setting(key: "snapshotEveryCommands", kind: .integer(0...100_000_000), defaultValue: "10000", help: "Snapshot (and truncate the journal) after this many commands; 0 = never by count."),
        Setting(key: "snapshotEverySeconds", kind: .seconds(0...86400 * 7), defaultValue: "300", help: "Snapshot when this many seconds passed since the last one and something changed; 0 = never by time."),
        Setting(key: "logLevel", kind: .choice(["debug", "info", "warning", "error"]), defaultValue: "info", help: "info logs one JSON line per request; warning and error only problems."),
        Setting(key: "backend", kind: .choice(["epoll", "dispatch"]), defaultValue: EventLoopBackend.platformDefault.rawValue, help: "Event-loop backend: epoll (Linux, fastest) or dispatch (portable)."),
        Setting(key: "loops", kind: .integer(0...256), defaultValue: "0", help: "Event loops (threads); 0 = one per core."),
        Setting(key: "maxConnections", kind: .integer(1...1_000_000), defaultValue: "10000", help: "Open connections at most; beyond it the server stops accepting until one closes."),
        Setting(key: "maxBodyBytes", kind: .integer(0...(1 << 30)), defaultValue: "1048576", help: "Largest request body; larger is refused with 413 before it is read."),
        Setting(key: "maxRequestLineBytes", kind: .integer(64...(1 << 20)), defaultValue: "8192", help: "Longest request line; longer is refused with 414."),
        Setting(key: "maxHeaderBytes", kind: .integer(256...(1 << 22)), defaultValue: "32768", help: "Largest header section; larger is refused with 431."),
        Setting(key: "maxHeaderCount", kind: .integer(1...10_000), defaultValue: "100", help: "Most header fields; more is refused with 431."),
        Setting(key: "outputBufferBytes", kind: .integer(4096...(1 << 30)), defaultValue: "4194304", help: "Per-connection unsent output cap; past it the connection stops reading until the client reads."),
        Setting(key: "headerTimeout", kind: .seconds(0.01...3600), defaultValue: "10", help: "Seconds to receive a complete header section (then 408 and close)."),
        Setting(key: "bodyTimeout", kind: .seconds(0.01...3600), defaultValue: "30", help: "Seconds to receive a complete body (then 408 and close)."),
        Setting(key: "idleTimeout", kind: .seconds(0.01...86400), defaultValue: "60", help: "Seconds a keep-alive connection may sit idle between requests."),
        Setting(key: "writeTimeout", kind: .seconds(0.01...3600), defaultValue: "30", help: "Seconds a client may take to read a response once output is blocked."),
        Setting(key: "drainTimeout", kind: .seconds(0...3600), defaultValue: "10", help: "Seconds a graceful shutdown waits for in-flight requests."),
        Setting(key: "corsPublicOrigins", kind: .list, defaultValue: "*", help: "Origins allowed on public reads (comma-separated; * = any)."),
        Setting(key: "corsRestrictedOrigins", kind: .list, defaultValue: "", help: "Origins allowed on admin and personal-data routes (comma-separated; none by default)."),
        Setting(key: "plainHttp", kind: .boolean, defaultValue: "true", help: "Serve plain HTTP on --port (--no-plain-http: HTTPS only; needs TLS)."),
        Setting(key: "tlsCert", kind: .string, defaultValue: "", help: "PEM certificate chain; with --tls-key, serves HTTPS on --tls-port."),
        Setting(key: "tlsKey", kind: .string, defaultValue: "", help: "PEM private key (unencrypted) matching --tls-cert."),
        Setting(key: "tlsPort", kind: .integer(0...65535), defaultValue: "8443", help: "HTTPS port when --tls-cert and --tls-key are set (0: any free port)."),
        Setting(key: "tlsHandshakeTimeout", kind: .seconds(0.01...3600), defaultValue: "10", help: "Seconds a client may take to complete the TLS handshake."),
        Setting(key: "hstsMaxAge", kind: .integer(0...(1 << 31)), defaultValue: "0", help: "Strict-Transport-Security max-age in seconds on HTTPS responses (0: no header)."),
        Setting(key: "hstsIncludeSubdomains", kind: .boolean, defaultValue: "false", help: "Add includeSubDomains to the Strict-Transport-Security header."),
        Setting(key: "tokens", kind: .list, defaultValue: "", help: "API bearer tokens as \"role:sha256hex[:name]\" (role admin, editor or registrations; hashes from `agora token`). AGORA_ADMIN_TOKEN adds one admin token."),
        Setting(key: "registrationRatePerMinute", kind: .integer(0...100_000), defaultValue: "10", help: "Registrations per minute per client address, sustained (0: no limit); beyond it 429 with Retry-After."),
        Setting(key: "registrationRateBurst", kind: .integer(1...100_000), defaultValue: "5", help: "Registrations a client address may make at once before the per-minute rate applies."),
        Setting(key: "idempotencyRetentionHours", kind: .integer(24...8760), defaultValue: "24", help: "Hours a registration's first answer is kept in memory for retries with the same Idempotency-Key."),
        Setting(key: "cacheMaxAge", kind: .integer(0...31_536_000), defaultValue: "60", help: "Cache-Control max-age in seconds on public reads (events, programme, partners)."),
        Setting(key: "docsDir", kind: .string, defaultValue: "", help: "Where openapi.yaml and openapi.json are served from (default: Docs next to the working directory or the binary)."),
        Setting(key: "publicUrl", kind: .httpURL, defaultValue: "", help: "The server's public base URL, which the schedule and JSON-LD exports link to (default: http://HOST:PORT)."),
    ]

    static func named(_ key: String) -> Setting? { all.first { $0.key == key } }
}
