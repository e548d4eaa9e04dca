// Following the shared log (issue #15): a connection of its own LISTENs on the log's channel, whose
// notifications carry only the new head sequence; a follower woken reads the rows after its own sequence.
// Notifications are lost while the connection is down, so a periodic poll of the head covers them, and every
// (re)connection wakes the follower once to catch up on what it missed.
import Dispatch
import Glibc
import Logging
import Synchronization

// @unchecked Sendable: `connection` and `delay` are touched only by the loop on `queue` (its own thread, it
// blocks in poll(2)); `stopped` is atomic and the pipe's descriptors are fixed at init.
final class PostgresListener: @unchecked Sendable {
    private let url: String
    private let pollMilliseconds: Int32
    private let logger: Logger
    /// The sequence the owning instance has already read or written: heads at or below it wake nobody.
    private let known: @Sendable () -> UInt64
    private let wake: @Sendable () -> Void
    private let queue = DispatchQueue(label: "agora.postgres.listen")
    private let stopped = Atomic<Bool>(false)
    private let finished = DispatchSemaphore(value: 0)
    /// A pipe whose write end `stop` writes to, so a loop blocked in poll(2) returns at once.
    private let stopPipe: (read: Int32, write: Int32)
    private var connection: PostgresConnection?
    private var delay = ReconnectDelay()
    /// The server process of the LISTEN connection (0 while none), for `pg_terminate_backend` in tests and logs.
    let backendPID = Atomic<Int32>(0)

    init(url: String, pollSeconds: Double, logger: Logger, known: @escaping @Sendable () -> UInt64,
         wake: @escaping @Sendable () -> Void) {
        self.url = url
        self.pollMilliseconds = Int32(max(10, min(pollSeconds, 3_600) * 1_000))
        self.logger = logger
        self.known = known
        self.wake = wake
        var ends: [Int32] = [-1, -1]
        if pipe(&ends) != 0 { ends = [-1, -1] }
        self.stopPipe = (ends[0], ends[1])
    }

    func start() {
        queue.async { self.run() }
    }

    /// Ends the loop and waits for it (at most one poll interval, usually at once through the pipe).
    func stop() {
        guard !stopped.exchange(true, ordering: .sequentiallyConsistent) else { return }
        var byte: UInt8 = 1
        _ = write(stopPipe.write, &byte, 1)
        finished.wait()
        close(stopPipe.read)
        close(stopPipe.write)
    }

    private func run() {
        defer { finished.signal() }
        while !stopped.load(ordering: .sequentiallyConsistent) {
            guard let connection = connectIfNeeded() else {
                if pause(milliseconds: delay.next()) { return }
                continue
            }
            var descriptors = [pollfd(fd: connection.socket, events: Int16(POLLIN), revents: 0),
                               pollfd(fd: stopPipe.read, events: Int16(POLLIN), revents: 0)]
            let ready = poll(&descriptors, 2, pollMilliseconds)
            if stopped.load(ordering: .sequentiallyConsistent) { return }
            if ready == 0 {
                pollHead(connection)
                continue
            }
            guard ready > 0 else { continue }  // EINTR
            guard connection.consumeInput() else {
                drop("the LISTEN connection broke")
                continue
            }
            let heads = connection.notifications().compactMap { UInt64($0.payload) }
            if let head = heads.max(), head > known() { wake() }
        }
    }

    private func connectIfNeeded() -> PostgresConnection? {
        if let connection { return connection }
        do throws(PostgresError) {
            let fresh = try PostgresConnection.connect(url)
            try fresh.execute("LISTEN \(PostgresSchema.channel)")
            connection = fresh
            backendPID.store(fresh.backendPID, ordering: .sequentiallyConsistent)
            delay.reset()
            // Whatever was appended while no one listened: catch up once now.
            wake()
            return fresh
        } catch {
            logger.warning("cannot listen for the log's head, retrying", metadata: ["error": "\(error)"])
            return nil
        }
    }

    /// The periodic poll: a notification lost (or never sent) must not leave this instance behind for long.
    private func pollHead(_ connection: PostgresConnection) {
        do throws(PostgresError) {
            // The newest snapshot counts too: installing one deletes the rows it holds.
            let rows = try connection.execute("SELECT greatest((SELECT coalesce(max(sequence), 0) FROM agora_commands), "
                                              + "(SELECT coalesce(max(sequence), 0) FROM agora_snapshots))")
            if UInt64(try rows.integer(0, 0)) > known() { wake() }
        } catch {
            if connection.isBroken { drop("\(error)") }
        }
    }

    private func drop(_ reason: String) {
        logger.warning("lost the LISTEN connection, reconnecting", metadata: ["reason": "\(reason)"])
        connection = nil
        backendPID.store(0, ordering: .sequentiallyConsistent)
    }

    /// Waits `milliseconds` or until `stop`; true when stopped.
    private func pause(milliseconds: Int32) -> Bool {
        var descriptor = pollfd(fd: stopPipe.read, events: Int16(POLLIN), revents: 0)
        _ = poll(&descriptor, 1, milliseconds)
        return stopped.load(ordering: .sequentiallyConsistent)
    }
}
