import CSystem
import Glibc
import Testing
import TestSupport

/// The real `agora` binary (or `agora-bench`, the crash test's writer) in a child process, with stdout and stderr
/// captured in files: for start-up, signal, crash and restart tests. The binary is the one `swift build` put beside
/// the test bundle.
final class AgoraProcess {
    let pid: pid_t
    let stdoutPath: String
    let stderrPath: String
    private(set) var exitStatus: Int32?

    /// `program` beside the test bundle: `agora`, or `agora-bench` for the store drivers and benchmarks.
    static func binaryPath(_ program: String = "agora") -> String {
        var buffer = [CChar](repeating: 0, count: 4096)
        let n = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        let exe = n > 0 ? String(decoding: buffer[..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self) : ""
        // .build/<triple>/debug/AgoraPackageTests.xctest → .build/<triple>/debug/agora
        var directory = exe
        while let slash = directory.lastIndex(of: "/"), !directory.hasSuffix("/debug"), !directory.hasSuffix("/release") {
            directory = String(directory[..<slash])
            if directory.isEmpty { break }
        }
        return directory + "/" + program
    }

    /// A fresh directory under /tmp that stays after the test (a failing test's child output is read there).
    static func temporaryDirectory(_ name: String) -> String {
        TemporaryDirectory.make("agora-\(name)")
    }

    /// `workingDirectory`: where the child runs (nil: this process's own). `executable`: another copy of the binary
    /// (an installed one) instead of `program` beside the test bundle.
    init(_ arguments: [String], program: String = "agora", environment: [String: String] = [:], limitFiles: Int? = nil,
         hardLimitFiles: Int? = nil, workingDirectory: String? = nil, executable: String? = nil) throws {
        let directory = Self.temporaryDirectory("proc")
        stdoutPath = directory + "/stdout"
        stderrPath = directory + "/stderr"
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 1, stdoutPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, stderrPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        // Nothing else of this process: tests run in parallel here, and a child that inherited another test's sockets
        // would hold them open after that test closed them (and count them against its own descriptor limit).
        posix_spawn_file_actions_addclosefrom_np(&actions, 3)
        let binary = executable ?? Self.binaryPath(program)
        var argv: [String] = [binary] + arguments
        if let workingDirectory {
            // GNU env changes directory before exec (Glibc's posix_spawn_file_actions_addchdir_np is not exported).
            argv = ["/usr/bin/env", "-C", workingDirectory] + argv
        }
        if let limitFiles {
            argv = ["/usr/bin/prlimit", "--nofile=\(limitFiles):\(hardLimitFiles ?? limitFiles)", binary] + arguments
        }
        var env = ["PATH=/usr/bin:/bin"]
        for (key, value) in environment { env.append("\(key)=\(value)") }
        var cArgs = argv.map { strdup($0) } + [nil]
        var cEnv = env.map { strdup($0) } + [nil]
        defer { cArgs.forEach { free($0) }; cEnv.forEach { free($0) } }
        var child = pid_t()
        let rc = posix_spawn(&child, argv[0], &actions, nil, &cArgs, &cEnv)
        guard rc == 0 else { throw ProcessError.spawn(rc) }
        pid = child
    }

    enum ProcessError: Error { case spawn(Int32), timeout(String) }

    func signal(_ number: Int32) { kill(pid, number) }

    /// Waits for the process to exit (polling waitpid; bounded). Returns the exit status, or 128+signal.
    @discardableResult
    func wait(timeout: Duration = .seconds(20)) -> Int32? {
        if let exitStatus { return exitStatus }
        let deadline = Self.now() + Double(timeout.components.seconds)
        while Self.now() < deadline {
            var status: Int32 = 0
            let rc = waitpid(pid, &status, WNOHANG)
            if rc == pid {
                let signalled = status & 0x7f
                exitStatus = signalled == 0 ? (status >> 8) & 0xff : 128 + signalled
                return exitStatus
            }
            usleep(10_000)
        }
        return nil
    }

    var stdout: String { Self.read(stdoutPath) }
    var stderr: String { Self.read(stderrPath) }

    /// Waits until stdout has a line containing `text` (the server logs as it goes); returns that line.
    func waitForLine(containing text: String, timeout: Duration = .seconds(20)) -> String? {
        let deadline = Self.now() + Double(timeout.components.seconds)
        while Self.now() < deadline {
            if let line = stdout.split(separator: "\n").first(where: { $0.contains(text) }) { return String(line) }
            if wait(timeout: .zero) != nil { return nil }
            usleep(10_000)
        }
        return nil
    }

    /// The port from the "listening" log line ("addresses":"127.0.0.1:PORT").
    func listeningPort(timeout: Duration = .seconds(20)) -> Int? {
        guard let line = waitForLine(containing: "\"msg\":\"listening\"", timeout: timeout) else { return nil }
        guard let range = line.firstRange(of: "127.0.0.1:") else { return nil }
        return Int(line[range.upperBound...].prefix { $0.isNumber })
    }

    deinit {
        if exitStatus == nil { kill(pid, SIGKILL); var status: Int32 = 0; waitpid(pid, &status, 0) }
    }

    static func read(_ path: String) -> String {
        guard let file = fopen(path, "re") else { return "" }
        defer { fclose(file) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = fread(&chunk, 1, chunk.count, file)
            if n <= 0 { break }
            bytes.append(contentsOf: chunk[..<n])
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    static func now() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }
}
