// A PostgreSQL server of a test's own (issue #15): `initdb` and `pg_ctl` from Debian's postgresql package in a
// temporary directory, listening on 127.0.0.1 on a free port, stopped when the value goes away. PostgreSQL
// refuses to run as root, so as root the server runs as the `postgres` user (runuser). `fsync` is off: the
// tests kill servers and clients, never the machine, so the page cache holds everything they check.
import Foundation
import Synchronization
import TestSupport

public final class PostgresCluster: Sendable {
    public let port: Int
    public let directory: String
    private let runAsPostgres: Bool

    /// The cluster most tests share (one per test process, each test on a database of its own); stopped at exit.
    public static let shared: PostgresCluster = {
        do {
            let cluster = try PostgresCluster()
            sharedForExit.withLock { $0 = cluster }
            atexit { PostgresCluster.sharedForExit.withLock { $0?.stop() } }
            return cluster
        } catch {
            fatalError("cannot start the shared PostgreSQL cluster: \(error)")
        }
    }()

    private static let sharedForExit = Mutex<PostgresCluster?>(nil)

    /// Where initdb and pg_ctl are: AGORA_PG_BIN, else Debian's newest /usr/lib/postgresql/<major>/bin.
    public static var binaries: String {
        if let configured = ProcessInfo.processInfo.environment["AGORA_PG_BIN"] { return configured }
        let majors = (try? FileManager.default.contentsOfDirectory(atPath: "/usr/lib/postgresql")) ?? []
        let newest = majors.compactMap(Int.init).sorted().last.map(String.init) ?? "15"
        return "/usr/lib/postgresql/\(newest)/bin"
    }

    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    /// Makes and starts a cluster.
    public init() throws {
        directory = TemporaryDirectory.make("agora-pg")
        runAsPostgres = getuid() == 0
        port = try Self.freePort()
        if runAsPostgres {
            _ = try runTool("/bin/chown", ["-R", "postgres:postgres", directory])
        }
        try run("initdb", ["-D", data, "-U", "agora", "-A", "trust", "--no-sync", "-E", "UTF8", "--locale=C"])
        try start()
    }

    deinit {
        stop()
        try? FileManager.default.removeItem(atPath: directory)
    }

    var data: String { directory + "/data" }

    /// A libpq URL for database `name` of this cluster.
    public func url(database: String = "postgres") -> String {
        "postgresql://agora@127.0.0.1:\(port)/\(database)"
    }

    /// A fresh, empty database; returns its URL.
    public func createDatabase() throws -> String {
        let name = "agora_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        _ = try sql("CREATE DATABASE \(name)")
        return url(database: name)
    }

    /// Runs `statement` with psql; returns what it printed (unaligned, tuples only).
    @discardableResult
    public func sql(_ statement: String, database: String = "postgres") throws -> String {
        let result = try runTool("/usr/bin/psql", ["-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-d", url(database: database),
                                                    "-c", statement])
        guard result.status == 0 else { throw Failure(description: "psql \(statement): \(result.stderr)") }
        return result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Every row of every table of the database at `url`, as `pg_dump --data-only` prints it.
    public func dump(_ url: String) throws -> String {
        let result = try runTool(Self.binaries + "/pg_dump", ["--data-only", "--no-owner", url])
        guard result.status == 0 else { throw Failure(description: "pg_dump: \(result.stderr)") }
        return result.stdout
    }

    /// Starts the server and waits until it accepts connections.
    public func start() throws {
        let settings = "-p \(port) -k \(directory) -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200"
        try run("pg_ctl", ["-D", data, "-l", directory + "/server.log", "-o", settings, "-w", "-t", "60", "start"])
    }

    /// Stops the server: `fast` rolls back open transactions and closes connections; `immediate` is a crash.
    public func stop(mode: String = "fast") {
        _ = try? run("pg_ctl", ["-D", data, "-m", mode, "-w", "-t", "60", "stop"])
    }

    public func restart() throws {
        stop()
        try start()
    }

    /// Runs a server tool with its output in a file, not a pipe (`pg_ctl start` leaves the server running, which
    /// would hold a pipe open), through posix_spawn and waitpid: Foundation's Process left `runuser` unreaped here
    /// when the server it started kept running.
    private func run(_ tool: String, _ arguments: [String]) throws {
        let path = Self.binaries + "/" + tool
        let output = directory + "/\(tool).out"
        let argv = runAsPostgres ? ["/usr/sbin/runuser", "-u", "postgres", "--", path] + arguments : [path] + arguments
        let status = try Self.spawn(argv, output: output)
        guard status == 0 else {
            let text = (try? String(contentsOfFile: output, encoding: .utf8)) ?? ""
            throw Failure(description: "\(tool) \(arguments.joined(separator: " ")) exited \(status): \(text)")
        }
    }

    /// Runs `argv` with stdin from /dev/null and stdout and stderr appended to `output`; returns its exit status.
    static func spawn(_ argv: [String], output: String) throws -> Int32 {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, output, O_WRONLY | O_CREAT | O_APPEND, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        var pid: pid_t = 0
        let cArguments = argv.map { strdup($0) } + [nil]
        defer { cArguments.forEach { free($0) } }
        let spawned = posix_spawn(&pid, argv[0], &actions, nil, cArguments, environ)
        guard spawned == 0 else { throw Failure(description: "posix_spawn \(argv[0]): errno \(spawned)") }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 {
            guard errno == EINTR else { throw Failure(description: "waitpid: errno \(errno)") }
        }
        // WIFEXITED / WEXITSTATUS (sys/wait.h), which Swift does not import as macros.
        return (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
    }

    /// A port nothing listens on now: the kernel's pick for a socket closed at once (the server binds it next).
    private static func freePort() throws -> Int {
        let (descriptor, port) = try LoopbackListener.open()
        close(descriptor)
        return port
    }
}
