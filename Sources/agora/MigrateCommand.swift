import AgoraDomain
import AgoraPostgres
import AgoraStore

/// `agora migrate`: creates or upgrades the PostgreSQL schema, copies a data directory into an empty database, or
/// exports the database's state into an empty data directory (Docs/scaling.md, "Moving data"). No server may run
/// on the data directory (its lock is taken); servers may run on the database during an export.
struct MigrateCommand {
    let arguments: [String]

    static let usage = """
    usage: agora migrate --store URL                        create or upgrade the schema of the database at URL
           agora migrate --data-dir DIR --to URL            copy DIR (journal + snapshot) into the empty database at URL
           agora migrate --from URL --data-dir DIR          export the database's state into the empty directory DIR

    """

    func run() -> Int32 {
        var options: [String: String] = [:]
        var rest = arguments[...]
        while let flag = rest.popFirst() {
            guard ["--store", "--data-dir", "--to", "--from"].contains(flag), let value = rest.popFirst() else {
                FileHandleOutput.standardError("agora: migrate: unexpected \"\(flag)\"\n" + Self.usage)
                return 2
            }
            options[flag] = value
        }
        do throws(StoreError) {
            switch (options["--store"], options["--to"], options["--from"], options["--data-dir"]) {
            case (let url?, nil, nil, nil):
                try PostgresCommandLog<AgoraState>.open(options: PostgresLogOptions(url: url)).close()
                print("schema of \(StoreWiring.redacted(url)) is up to date")
            case (nil, let url?, nil, let directory?):
                let sequence = try PostgresMigration<AgoraState>.copy(directory: directory, into: PostgresLogOptions(url: url))
                print("copied \(directory) into \(StoreWiring.redacted(url)) at sequence \(sequence)")
            case (nil, nil, let url?, let directory?):
                let sequence = try PostgresMigration<AgoraState>.export(from: PostgresLogOptions(url: url), to: directory)
                print("exported \(StoreWiring.redacted(url)) into \(directory) at sequence \(sequence)")
            default:
                FileHandleOutput.standardError(Self.usage)
                return 2
            }
        } catch {
            FileHandleOutput.standardError("agora: migrate: \(error)\n")
            return 1
        }
        return 0
    }
}
