import AgoraDomain
import AgoraLogging
import AgoraPostgres
import AgoraStore
import FoundationEssentials
import Logging
#if canImport(Glibc)
import Glibc
#endif

/// Opens the data directory for `agora serve`: lock, recover (snapshot + journal), or seed a new directory from
/// the seed documents. A directory the store cannot explain stops the server with a message naming file and offset —
/// it never starts empty over existing data.
enum StoreWiring {
    static func open(_ configuration: Configuration, log writer: LogWriter) -> DurableStore<AgoraState> {
        let log = writer.logger(label: "agora.store")
        let directory = configuration.string("dataDir")
        let options = StoreOptions(snapshotEveryCommands: configuration.int("snapshotEveryCommands"),
                                   snapshotEverySeconds: Double(configuration.string("snapshotEverySeconds")) ?? 300,
                                   snapshotJournalPercent: configuration.int("snapshotJournalPercent"),
                                   snapshotJournalMinBytes: configuration.int("snapshotJournalMinBytes"),
                                   diskProbeSeconds: Double(configuration.string("diskProbeSeconds")) ?? 5)
        let seeding = configuration.bool("seed")
        let seedDirectory = configuration.string("seedDir")
        var seededFrom: [String] = []
        let store: DurableStore<AgoraState>
        do {
            // The store logs through the same writer as the engine (snapshots, a dropped torn record with its
            // offset, a failed append, turning unwritable): one JSON-line log for the operator.
            let seed = { () throws -> AgoraState in
                guard seeding else { return AgoraState() }
                let documents = try seedDirectory.isEmpty ? EmbeddedResources.seedDocuments()
                    : SeedFiles.load(from: seedDirectory)
                seededFrom = documents.map(\.path)
                // Seeding is the events' first write: its time is their LAST-MODIFIED in calendars.
                return try Seed.state(from: documents.map(\.document), at: Instant(Date()))
            }
            if let url = try postgresURL(configuration) {
                // PostgreSQL as the shared log (Docs/scaling.md): the data directory keeps only this instance's
                // webhook and mail outboxes.
                try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
                let postgres = try PostgresCommandLog<AgoraState>.open(
                    options: PostgresLogOptions(url: url, pollSeconds: Double(configuration.string("storePollSeconds")) ?? 1),
                    logger: log)
                store = try DurableStore<AgoraState>.open(log: postgres, options: options, logger: log, seed: seed)
            } else {
                store = try DurableStore<AgoraState>.open(directory: directory, options: options, logger: log, seed: seed)
            }
        } catch {
            if let url = (try? postgresURL(configuration)) ?? nil {
                log.error("cannot open the PostgreSQL store", metadata: ["store": "\(redacted(url))", "error": "\(error)"])
                writer.flush()
                fail("cannot open the PostgreSQL store \(redacted(url)): \(error)", status: 1)
            }
            log.error("cannot open the data directory", metadata: ["dataDir": "\(directory)", "error": "\(error)"])
            writer.flush()
            fail("cannot open data directory \(directory): \(error)", status: 1)
        }
        if !seededFrom.isEmpty {
            log.info("seeded a new data directory", metadata: ["dataDir": "\(directory)", "documents": "\(seededFrom.joined(separator: ", "))"])
        }
        let state = store.state
        log.info("store open", metadata: ["store": "\((try? postgresURL(configuration)).flatMap { $0.map(redacted) } ?? directory)",
                                          "dataDir": "\(directory)", "sequence": "\(store.sequence)",
                                          "events": "\(state.events.count)", "partners": "\(state.partners.count)"])
        return store
    }

    /// The `store` setting as a PostgreSQL URL, or nil for the data directory; anything else is refused.
    static func postgresURL(_ configuration: Configuration) throws(StoreSettingError) -> String? {
        let value = configuration.string("store")
        if value.isEmpty { return nil }
        guard value.hasPrefix("postgres://") || value.hasPrefix("postgresql://") else {
            throw StoreSettingError(description: "store must be empty (the data directory) or a postgres:// URL, not \(redacted(value))")
        }
        return value
    }

    /// `url` without its password, for logs and messages (RFC 3986 §3.2.1: user:password@host).
    static func redacted(_ url: String) -> String {
        guard let scheme = url.firstRange(of: "://") else { return url }
        let rest = url[scheme.upperBound...]
        let authority = rest[..<(rest.firstIndex(of: "/") ?? rest.endIndex)]
        guard let at = authority.lastIndex(of: "@"), let colon = authority[..<at].firstIndex(of: ":") else { return url }
        return String(url[..<colon]) + ":***" + String(url[at...])
    }
}

struct StoreSettingError: Error, CustomStringConvertible {
    let description: String
}

/// The seed documents of `--seed-dir` (*.json) in name order; without it, the ones compiled into the binary.
enum SeedFiles {
    struct SeedFileError: Error, CustomStringConvertible {
        let description: String
    }

    static func load(from directory: String) throws -> [(path: String, document: SeedDocument)] {
        let names = try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.hasSuffix(".json") }.sorted()
        guard !names.isEmpty else { throw SeedFileError(description: "no seed documents (*.json) in \(directory)") }
        return try names.map { name in
            let path = directory + "/" + name
            let data = try Data(contentsOf: URL(fileURLWithPath: path))
            do { return (path, try SeedDocument(json: data)) } catch {
                throw SeedFileError(description: "\(path): \(error)")
            }
        }
    }
}
