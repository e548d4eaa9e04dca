import AgoraDomain
import FoundationEssentials

/// Reads `Config/seed/*.json` from the repository this test file lives in.
enum SeedFiles {
    static var directory: URL {
        // #filePath: <repo>/Tests/AgoraDomainTests/SeedFiles.swift
        URL(filePath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appending(path: "Config/seed")
    }

    static func names() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasSuffix(".json") }.sorted()
    }

    static func document(_ name: String) throws -> SeedDocument {
        try SeedDocument(json: Data(contentsOf: directory.appending(path: name)))
    }

    static func all() throws -> [SeedDocument] {
        try names().map(document)
    }

    static func state() throws -> AgoraState {
        try Seed.state(from: all())
    }
}
