// The crash test's driver, run by `agora-bench store-stress` and `agora-bench store-verify` in a child process
// that a test can SIGKILL (and in-process by AgoraStoreTests).
public import AgoraStore
import Dispatch
import Glibc
import Synchronization

public enum StoreStress {
    /// Opens a store of a small ledger in `directory` and runs `writers` concurrent submitters, each
    /// submitting `count` records and, after each acknowledgement, appending the record's id and a
    /// newline to `ackFile` (write + fsync): the evidence of what the store promised. Ids carry the
    /// pid and the sequence the run started at, so runs killed and restarted on the same directory
    /// (or repeated in one process) never collide. Returns 0 when every
    /// submission was acknowledged, 1 otherwise (errors on stderr).
    public static func run(directory: String, writers: Int, count: Int, ackFile: String,
                           options: StoreOptions = StoreOptions()) -> Int32 {
        let store: DurableStore<StressLedger>
        do { store = try DurableStore.open(directory: directory, options: options) { StressLedger() } } catch {
            printError("store-stress: \(error)")
            return 1
        }
        for warning in store.recoveryWarnings { printError("store-stress: recovery: \(warning)") }
        let ack = Glibc.open(ackFile, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
        guard ack >= 0 else {
            printError("store-stress: open \(ackFile): \(String(cString: strerror(errno)))")
            return 1
        }
        defer { _ = Glibc.close(ack) }
        // A SIGKILL can cut an ack line short: a write(2) to a regular file stops between page-cache pages when a
        // fatal signal is pending. That torn line was never acknowledged evidence; cut it off, or our first line would
        // be glued to it and read as an id nobody submitted (seen in CI: "p32423-p32483-s1212-w1-0").
        if let bytes = try? PosixFileSystem().readFile(ackFile), let last = bytes.last, last != UInt8(ascii: "\n") {
            let whole = bytes.lastIndex(of: UInt8(ascii: "\n")).map { $0 + 1 } ?? 0
            guard ftruncate(ack, off_t(whole)) == 0, fsync(ack) == 0 else {
                printError("store-stress: ack file \(ackFile): \(String(cString: strerror(errno)))")
                return 1
            }
        }
        let failures = Mutex(0)
        let run = "p\(getpid())-s\(store.sequence)"
        concurrently(writers) { writer in
            for index in 0..<count {
                let id = "\(run)-w\(writer)-\(index)"
                let command = StressLedger.Command.record(id: id, writer: writer, payload: StressLedger.payload(writer: writer, index: index))
                switch store.submitAndWait(command) {
                case .success:
                    // One write per line: the kernel appends it whole even if we are killed right after.
                    let line = Array((id + "\n").utf8)
                    let written = line.withUnsafeBytes { Glibc.write(ack, $0.baseAddress, $0.count) }
                    if written != line.count || fsync(ack) != 0 {
                        printError("store-stress: ack file \(ackFile): \(String(cString: strerror(errno)))")
                        failures.withLock { $0 += 1 }
                        return
                    }
                case .failure(let error):
                    printError("store-stress: \(id) refused: \(error)")
                    failures.withLock { $0 += 1 }
                    return
                }
            }
        }
        do { try store.close() } catch { printError("store-stress: close: \(error)") }
        return failures.withLock { $0 } == 0 ? 0 : 1
    }

    /// Reopens `directory` (as a restart would) and checks that every id in `ackFile` is present.
    /// Prints a one-line summary (and each missing id) and returns 0 when none is missing, else 1.
    public static func verify(directory: String, ackFile: String) -> Int32 {
        let store: DurableStore<StressLedger>
        do { store = try DurableStore.open(directory: directory) { StressLedger() } } catch {
            printError("store-verify: \(error)")
            return 1
        }
        for warning in store.recoveryWarnings { print("store-verify: recovery: \(warning)") }
        let acknowledged: [String]
        do { acknowledged = try ackedIDs(ackFile) } catch {
            printError("store-verify: \(error)")
            return 1
        }
        let records = store.state.records
        let missing = acknowledged.filter { records[$0] == nil }
        for id in missing.prefix(20) { print("store-verify: MISSING \(id)") }
        print("store-verify: \(acknowledged.count) acknowledged, \(acknowledged.count - missing.count) present, "
            + "\(missing.count) missing; store holds \(records.count) records at sequence \(store.sequence)")
        do { try store.close() } catch { printError("store-verify: close: \(error)") }
        return missing.isEmpty ? 0 : 1
    }

    static func ackedIDs(_ ackFile: String) throws(FileSystemError) -> [String] {
        guard let bytes = try PosixFileSystem().readFile(ackFile) else { return [] }
        // Only newline-terminated lines count: an id is acknowledged evidence once its line is whole.
        var lines = bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
        lines.removeLast()
        return lines.filter { !$0.isEmpty }.map { String(decoding: $0, as: UTF8.self) }
    }

    /// Runs `body(index)` for each index in 0..<count, each on its own thread (serial queues are
    /// overcommitting, so blocking in one does not starve the others), and waits for all.
    public static func concurrently(_ count: Int, _ body: @escaping @Sendable (Int) -> Void) {
        let group = DispatchGroup()
        for index in 0..<count {
            DispatchQueue(label: "agora.store-stress.writer-\(index)").async(group: group) { body(index) }
        }
        group.wait()
    }

    static func printError(_ message: String) {
        var line = message + "\n"
        line.withUTF8 { _ = Glibc.write(2, $0.baseAddress, $0.count) }
    }
}
