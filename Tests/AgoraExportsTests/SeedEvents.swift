import AgoraDomain
import FoundationEssentials

/// The seeded state from `Config/seed/*.json` of the repository this file lives in: the exports are tested on the
/// two real events.
enum SeedEvents {
    static func state() throws -> AgoraState {
        // #filePath: <repo>/Tests/AgoraExportsTests/SeedEvents.swift
        let directory = URL(filePath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appending(path: "Config/seed")
        let names = try FileManager.default.contentsOfDirectory(atPath: directory.path)
            .filter { $0.hasSuffix(".json") }.sorted()
        return try Seed.state(from: names.map { try SeedDocument(json: Data(contentsOf: directory.appending(path: $0))) })
    }

    static func event(_ id: String) throws -> Event {
        guard let event = try state().events[id] else { throw Missing.event(id) }
        return event
    }

    enum Missing: Error { case event(String) }
}
