// Who delivers (issue #15, "One deliverer"): the instance whose connection holds a session-level advisory lock.
// A connection of its own tries `pg_try_advisory_lock` about every second until it gets it, and then keeps it as
// long as the session lives: when the holder dies (SIGKILL, its connection lost) PostgreSQL ends the session and
// releases the lock, and the next try of another instance takes it. The same connection LISTENs on the outbox
// channel, so an instance hears at once that a subscription changed.
import Dispatch
import Glibc
public import Logging
import Synchronization

// @unchecked Sendable: `connection` is touched only by the loop on `queue` (its own thread, it blocks in poll(2));
// `held` and `stopped` are atomic and `handlers` is behind its mutex.
public final class PostgresDeliveryLease: @unchecked Sendable {
    /// What the loop tells its observers, on its own thread: the lease taken, the lease lost (deliver nothing
    /// more), and a tick about every second or when an outbox's items changed (reload them).
    public enum Event: Sendable { case taken, lost, tick }

    private let url: String
    private let key: Int64
    private let tickMilliseconds: Int32
    private let logger: Logger
    private let queue = DispatchQueue(label: "agora.postgres.deliverer")
    private let held = Atomic<Bool>(false)
    private let stopped = Atomic<Bool>(false)
    private let handlers = Mutex<[@Sendable (Event) -> Void]>([])
    private var connection: PostgresConnection?
    private let backend = Atomic<Int32>(0)

    public init(url: String, tickSeconds: Double = 1,
                logger: Logger = Logger(label: "agora.postgres", factory: { _ in SwiftLogNoOpLogHandler() })) {
        self.url = url
        self.key = PostgresSchema.delivererLock
        self.tickMilliseconds = Int32(max(10, min(tickSeconds, 60) * 1_000))
        self.logger = logger
    }

    /// Whether this instance delivers now; false at once when the lease's connection is lost.
    public var isHeld: Bool { held.load(ordering: .sequentiallyConsistent) }

    /// The server process of the lease's connection (0 while none): what a test terminates.
    public var backendPID: Int32 { backend.load(ordering: .sequentiallyConsistent) }

    /// Adds `handler` (before `start`: it hears every event from then on).
    public func observe(_ handler: @escaping @Sendable (Event) -> Void) {
        handlers.withLock { $0.append(handler) }
    }

    public func start() { queue.async { self.run() } }

    /// Ends the loop at its next tick; the lease goes with the connection.
    public func stop() { stopped.store(true, ordering: .sequentiallyConsistent) }

    private func emit(_ event: Event) {
        for handler in handlers.withLock({ $0 }) { handler(event) }
    }

    private func run() {
        while !stopped.load(ordering: .sequentiallyConsistent) {
            guard let connection = connectIfNeeded() else {
                var none = pollfd()
                _ = poll(&none, 0, tickMilliseconds)
                continue
            }
            if !isHeld { tryTake(connection) }
            var descriptor = pollfd(fd: connection.socket, events: Int16(POLLIN), revents: 0)
            let ready = poll(&descriptor, 1, tickMilliseconds)
            if ready > 0 {
                // A notification, or the server closing the session (terminated, restarted): EOF fails the read.
                guard connection.consumeInput() else { drop("the lease's connection broke"); continue }
                _ = connection.notifications()
            } else if ready == 0 {
                do throws(PostgresError) { try connection.execute("SELECT 1") } catch {
                    drop("\(error)")
                    continue
                }
            }
            emit(.tick)
        }
        if isHeld { drop("stopped") }
        connection = nil
    }

    private func connectIfNeeded() -> PostgresConnection? {
        if let connection, !connection.isBroken { return connection }
        if connection != nil { drop("the lease's connection broke") }
        do throws(PostgresError) {
            let fresh = try PostgresConnection.connect(url)
            try fresh.execute("LISTEN \(PostgresSchema.outboxChannel)")
            connection = fresh
            backend.store(fresh.backendPID, ordering: .sequentiallyConsistent)
            return fresh
        } catch {
            logger.warning("cannot reach PostgreSQL for the delivery lease, retrying", metadata: ["error": "\(error)"])
            return nil
        }
    }

    private func tryTake(_ connection: PostgresConnection) {
        do throws(PostgresError) {
            let rows = try connection.execute("SELECT pg_try_advisory_lock($1)", [.integer(key)])
            guard rows.string(0, 0) == "t" else { return }
            held.store(true, ordering: .sequentiallyConsistent)
            logger.info("took the delivery lease: this instance delivers webhooks and mail",
                        metadata: ["backendPid": "\(connection.backendPID)"])
            emit(.taken)
        } catch {
            if connection.isBroken { drop("\(error)") }
        }
    }

    /// Forgets the connection; a lease held is lost with it (the session's lock is released by its end).
    private func drop(_ reason: String) {
        connection = nil
        backend.store(0, ordering: .sequentiallyConsistent)
        guard held.exchange(false, ordering: .sequentiallyConsistent) else { return }
        logger.warning("lost the delivery lease: this instance delivers nothing until it takes it again",
                       metadata: ["reason": "\(reason)"])
        emit(.lost)
    }
}
