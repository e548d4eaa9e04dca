// swift-tools-version: 6.0
// Agora: an HTTP/1.1 JSON API server for a city's social-sector events.
// Module boundaries (see Docs/architecture.md): arrows only point down.
//   agora (executable) → HTTPServer, TLSTransport, Cryptography, AgoraAPI, AgoraStore, AgoraPostgres, AgoraDomain, AgoraLogging, Logging,
//                        Prometheus (the /metrics exposition: the engine and the store hand it value snapshots)
//     built with the EmbedResources plugin (Plugins/), whose tool agora-embed generates EmbeddedResources.swift
//   AgoraJSON → (nothing of ours)   (the JSON toolkit: writer, reader, Codable fallback; a leaf)
//   ObservationBuckets → (nothing of ours)  (fixed-bucket histograms as values, for /metrics; a leaf)
//   AgoraLogging → AgoraJSON, Logging (the JSON-line log writer and swift-log handler every module logs through)
//   HTTPServer → CSystem, AgoraJSON, AgoraLogging, ObservationBuckets (knows nothing of events)
//   TLSTransport → HTTPServer, COpenSSL;  Cryptography → COpenSSL
//   OutboundHTTP → COpenSSL  (the webhook deliveries' HTTP/1.1 client on POSIX sockets and OpenSSL, SSRF policy)
//   OutboundMail → OutboundHTTP, AgoraLogging  (confirmation e-mails: MIME, SMTP with STARTTLS and AUTH, sendmail)
//   AgoraAPI → HTTPServer, AgoraJSON, AgoraStore, AgoraExports, AgoraDomain, Cryptography, OutboundHTTP, OutboundMail, Logging (maps HTTP ⇄ domain)
//   AgoraExports → AgoraDomain, AgoraJSON, Cryptography (domain values → export text: iCalendar, frab, JSON-LD; no HTTP)
//   AgoraStore → AgoraDomain, AgoraJSON, CSystem, ObservationBuckets, Logging (knows nothing of HTTP)
//   AgoraPostgres → AgoraStore, CLibPQ, Logging (PostgreSQL as the shared command log, issue #15; nothing of HTTP)
//   AgoraDomain → (nothing of ours) (knows nothing of HTTP or files)
// Never shipped, so outside Sources/ (Tests/Support, Tests/Benchmarks):
//   agora-bench (executable) → HTTPServer, TLSTransport, AgoraAPI, AgoraExports, AgoraStore, AgoraStoreTesting, TestSupport,
//                               AgoraDomain, AgoraLogging, Logging
//   AgoraStoreTesting → AgoraStore, TestSupport   (fault-injecting and gated file systems, the stress driver)
//   AgoraDomainTesting → AgoraDomain            (the domain builders the domain's and the store's tests share)
//   PostgresTesting → TestSupport               (a throwaway PostgreSQL cluster: initdb + pg_ctl on a free port)
//   TestSupport → CTestProcess                    (loopback client, temporary directories, generator; SIGPIPE ignored)
import PackageDescription

let strict: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

let package = Package(
    name: "Agora",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "agora", targets: ["agora"]),
        .executable(name: "agora-bench", targets: ["agora-bench"]),
    ],
    dependencies: [
        // Structured logging for every module (issue #9); the mirror has no transitive dependencies.
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        // The Prometheus exposition of GET /metrics (issue #13); needs only swift-atomics and swift-metrics.
        .package(url: "https://github.com/swift-server/swift-prometheus", exact: "2.4.1"),
    ],
    targets: [
        // What Glibc does not export to Swift (epoll, accept4, eventfd), as tiny inline shims.
        .target(name: "CSystem", path: "Sources/CSystem"),
        // OpenSSL (libssl, libcrypto) from the system, found through pkg-config.
        .systemLibrary(
            name: "COpenSSL",
            path: "Sources/COpenSSL",
            pkgConfig: "openssl",
            providers: [.apt(["libssl-dev"]), .brew(["openssl@3"])]
        ),
        // libpq (PostgreSQL's client library) from the system, for the shared command log (issue #15).
        .systemLibrary(
            name: "CLibPQ",
            path: "Sources/CLibPQ",
            pkgConfig: "libpq",
            providers: [.apt(["libpq-dev"]), .brew(["libpq"])]
        ),
        .target(name: "AgoraJSON", swiftSettings: strict),
        // Fixed-bucket histograms as plain values, recorded by the engine and the store without locks (issue #13).
        .target(name: "ObservationBuckets", swiftSettings: strict),
        .target(name: "AgoraLogging", dependencies: ["AgoraJSON", .product(name: "Logging", package: "swift-log")],
                swiftSettings: strict),
        .target(name: "HTTPServer", dependencies: ["CSystem", "AgoraJSON", "AgoraLogging", "ObservationBuckets",
                                                   .product(name: "Logging", package: "swift-log")],
                swiftSettings: strict),
        .target(name: "TLSTransport", dependencies: ["HTTPServer", "COpenSSL"], swiftSettings: strict),
        // The outbound HTTP/1.1 client webhook deliveries use, on POSIX sockets, with the SSRF address policy.
        .target(name: "OutboundHTTP", dependencies: ["COpenSSL"], swiftSettings: strict),
        // Confirmation e-mails: MIME messages, SMTP submission with STARTTLS (OutboundHTTP's TLS sessions), sendmail.
        .target(name: "OutboundMail", dependencies: ["OutboundHTTP", "AgoraLogging"], swiftSettings: strict),
        .target(name: "Cryptography", dependencies: ["COpenSSL"], swiftSettings: strict),
        .target(name: "AgoraDomain", swiftSettings: strict),
        .target(name: "AgoraStore", dependencies: ["AgoraDomain", "AgoraJSON", "CSystem", "ObservationBuckets",
                                                   .product(name: "Logging", package: "swift-log")],
                swiftSettings: strict),
        // PostgreSQL as the command log several instances share (issue #15): the store's CommandLog seam over libpq.
        .target(name: "AgoraPostgres", dependencies: ["AgoraStore", "CLibPQ", .product(name: "Logging", package: "swift-log")],
                swiftSettings: strict),
        .target(name: "AgoraExports", dependencies: ["AgoraDomain", "AgoraJSON", "Cryptography"], swiftSettings: strict),
        .target(name: "AgoraAPI", dependencies: ["HTTPServer", "AgoraJSON", "AgoraDomain", "AgoraStore", "AgoraExports", "Cryptography",
                                             "OutboundHTTP", "OutboundMail",
                                             .product(name: "Logging", package: "swift-log")],
                swiftSettings: strict),
        .executableTarget(
            name: "agora",
            dependencies: ["HTTPServer", "TLSTransport", "Cryptography", "AgoraDomain", "AgoraStore", "AgoraAPI",
                           "OutboundHTTP", "OutboundMail", "AgoraPostgres",
                           "AgoraLogging", "ObservationBuckets", .product(name: "Logging", package: "swift-log"),
                           .product(name: "Prometheus", package: "swift-prometheus")],
            swiftSettings: strict,
            plugins: ["EmbedResources"]
        ),
        // Compiles Config/seed, Docs/openapi.* and the git commit into `agora` at build time (issue 13 item 6).
        .plugin(name: "EmbedResources", capability: .buildTool(), dependencies: ["agora-embed"],
                path: "Plugins/EmbedResources"),
        .executableTarget(name: "agora-embed", path: "Plugins/EmbedResourcesTool", swiftSettings: strict),
        // What every test target shares: the loopback client, temporary directories, the generator.
        .target(name: "TestSupport", dependencies: ["CTestProcess"], path: "Tests/Support/TestSupport", swiftSettings: strict),
        // The test process's signal dispositions, set before any test runs: SIGPIPE ignored, as `agora serve` does.
        .target(name: "CTestProcess", path: "Tests/Support/CTestProcess"),
        // The domain's builders, shared by the domain's tests and the store's codec tests.
        .target(name: "AgoraDomainTesting", dependencies: ["AgoraDomain"], path: "Tests/Support/AgoraDomainTesting",
                swiftSettings: strict),
        // The store under test: fault-injecting and gated file systems, the stress ledger and its driver.
        .target(name: "AgoraStoreTesting", dependencies: ["AgoraStore", "TestSupport"],
                path: "Tests/Support/AgoraStoreTesting", swiftSettings: strict),
        // A PostgreSQL cluster of its own for a test: initdb + pg_ctl in a temporary directory on a free port.
        .target(name: "PostgresTesting", dependencies: ["TestSupport"], path: "Tests/Support/PostgresTesting",
                swiftSettings: strict),
        // `agora-bench`: the store benchmarks, the crash-test driver and the bench server for `make bench`.
        .executableTarget(
            name: "agora-bench",
            dependencies: ["HTTPServer", "TLSTransport", "AgoraDomain", "AgoraStore", "AgoraStoreTesting", "AgoraLogging", "CSystem",
                           "AgoraAPI", "AgoraExports", "TestSupport", .product(name: "Logging", package: "swift-log")],
            path: "Tests/Benchmarks/AgoraBench",
            swiftSettings: strict
        ),
        .testTarget(name: "TestSupportTests", dependencies: ["TestSupport", "CTestProcess"], swiftSettings: strict),
        .testTarget(name: "AgoraJSONTests", dependencies: ["AgoraJSON"], swiftSettings: strict),
        .testTarget(name: "ObservationBucketsTests", dependencies: ["ObservationBuckets", "TestSupport"], swiftSettings: strict),
        .testTarget(name: "HTTPServerTests", dependencies: ["HTTPServer", "AgoraJSON", "AgoraLogging", "TestSupport",
                                                        .product(name: "Logging", package: "swift-log")], swiftSettings: strict),
        .testTarget(name: "AgoraLoggingTests", dependencies: ["AgoraLogging", .product(name: "Logging", package: "swift-log")],
                    swiftSettings: strict),
        .testTarget(name: "TLSTransportTests", dependencies: ["TLSTransport", "HTTPServer", "COpenSSL", "AgoraLogging", "TestSupport"],
                    swiftSettings: strict),
        .testTarget(name: "CryptographyTests", dependencies: ["Cryptography"], swiftSettings: strict),
        .testTarget(name: "OutboundHTTPTests", dependencies: ["OutboundHTTP"], swiftSettings: strict),
        .testTarget(name: "OutboundMailTests", dependencies: ["OutboundMail", "TestSupport"], swiftSettings: strict),
        .testTarget(name: "AgoraDomainTests", dependencies: ["AgoraDomain", "AgoraDomainTesting", "TestSupport"],
                    swiftSettings: strict),
        .testTarget(name: "AgoraExportsTests", dependencies: ["AgoraExports", "AgoraDomain", "AgoraDomainTesting", "TestSupport"], swiftSettings: strict),
        .testTarget(name: "AgoraAPITests",
                    dependencies: ["AgoraAPI", "AgoraJSON", "AgoraLogging", "HTTPServer", "AgoraDomain", "AgoraStore", "AgoraStoreTesting",
                                   "TestSupport", "AgoraDomainTesting", "Cryptography", "OutboundMail"],
                    swiftSettings: strict),
        .testTarget(name: "AgoraStoreTests", dependencies: ["AgoraStore", "AgoraDomain", "AgoraDomainTesting", "AgoraJSON",
                                                        "AgoraStoreTesting", "TestSupport", "AgoraPostgres", "PostgresTesting",
                                                        .product(name: "Logging", package: "swift-log")],
                    swiftSettings: strict),
        .testTarget(name: "AgoraPostgresTests", dependencies: ["AgoraPostgres", "AgoraStore", "PostgresTesting", "TestSupport"],
                    swiftSettings: strict),
        // Drives the real `agora` and `agora-bench` binaries (crash, restart, signals, config, benchmarks).
        .testTarget(name: "AgoraTests", dependencies: ["agora", "agora-bench", "Cryptography", "CSystem", "TestSupport",
                                                   "PostgresTesting"],
                    swiftSettings: strict),
    ],
    swiftLanguageModes: [.v6]
)
