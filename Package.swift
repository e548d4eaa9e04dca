// swift-tools-version: 6.0
// Agora: an HTTP/1.1 JSON API server for a city's social-sector events.
// Module boundaries (see Docs/architecture.md): arrows only point down.
//   agora (executable) → HTTPServer, TLSTransport, AgoraStore, AgoraDomain
//   AgoraJSON → (nothing of ours)   (the JSON toolkit: writer, reader, Codable fallback; a leaf)
//   HTTPServer → CSystem, AgoraJSON (knows nothing of events)
//   TLSTransport → HTTPServer, COpenSSL;  Cryptography → COpenSSL
//   AgoraAPI → HTTPServer, AgoraStore, AgoraDomain, Cryptography (maps HTTP ⇄ domain)
//   AgoraStore → AgoraDomain, AgoraJSON, CSystem (knows nothing of HTTP)
//   AgoraDomain → (nothing of ours) (knows nothing of HTTP or files)
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
    ],
    dependencies: [
        // Structured logging for every module (issue #9); the mirror has no transitive dependencies.
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
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
        .target(name: "AgoraJSON", swiftSettings: strict),
        .target(name: "HTTPServer", dependencies: ["CSystem", "AgoraJSON", .product(name: "Logging", package: "swift-log")],
                swiftSettings: strict),
        .target(name: "TLSTransport", dependencies: ["HTTPServer", "COpenSSL"], swiftSettings: strict),
        .target(name: "Cryptography", dependencies: ["COpenSSL"], swiftSettings: strict),
        .target(name: "AgoraDomain", swiftSettings: strict),
        .target(name: "AgoraStore", dependencies: ["AgoraDomain", "AgoraJSON", "CSystem"], swiftSettings: strict),
        .target(name: "AgoraAPI", dependencies: ["HTTPServer", "AgoraJSON", "AgoraDomain", "AgoraStore", "Cryptography"],
                swiftSettings: strict),
        .executableTarget(
            name: "agora",
            dependencies: ["HTTPServer", "TLSTransport", "Cryptography", "AgoraDomain", "AgoraStore", "AgoraAPI"],
            swiftSettings: strict
        ),
        .testTarget(name: "AgoraJSONTests", dependencies: ["AgoraJSON"], swiftSettings: strict),
        .testTarget(name: "HTTPServerTests", dependencies: ["HTTPServer", "AgoraJSON"], swiftSettings: strict),
        .testTarget(name: "TLSTransportTests", dependencies: ["TLSTransport", "HTTPServer", "COpenSSL"], swiftSettings: strict),
        .testTarget(name: "CryptographyTests", dependencies: ["Cryptography"], swiftSettings: strict),
        .testTarget(name: "AgoraDomainTests", dependencies: ["AgoraDomain"], swiftSettings: strict),
        .testTarget(name: "AgoraAPITests", dependencies: ["AgoraAPI", "AgoraJSON", "HTTPServer", "AgoraDomain", "AgoraStore"],
                    swiftSettings: strict),
        .testTarget(name: "AgoraStoreTests", dependencies: ["AgoraStore", "AgoraDomain", "AgoraJSON"], swiftSettings: strict),
        // Drives the real `agora` binary (crash, restart, signals, config).
        .testTarget(name: "AgoraTests", dependencies: ["agora", "Cryptography", "CSystem"], swiftSettings: strict),
    ],
    swiftLanguageModes: [.v6]
)
