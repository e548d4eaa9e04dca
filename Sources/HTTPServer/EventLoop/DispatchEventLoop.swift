import Dispatch
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The portable backend: a serial DispatchQueue per loop and a DispatchSource per descriptor. Slower than epoll
/// (libdispatch re-arms each source through its manager thread and hops threads per event), but it runs wherever
/// Dispatch does — a front-end developer's Mac included — with the same connection code on top.
///
/// @unchecked Sendable: `sources`, `tick` and `batchEnd` are touched only on `queue` (the loop); the queue is the lock.
final class DispatchEventLoop: EventLoop, @unchecked Sendable {
    private let queue: DispatchQueue
    private var sources: [Int32: Registration] = [:]
    private var timer: (any DispatchSourceTimer)?
    private var batchEnd: (() -> Void)?

    /// The sources of one descriptor. A write source exists only while someone waited for writability; a suspended
    /// source must be resumed before it is cancelled (Dispatch traps otherwise).
    private final class Registration {
        let handler: any IOHandler
        let read: any DispatchSourceRead
        var write: (any DispatchSourceWrite)?
        var readSuspended = false
        var writeSuspended = true
        init(handler: any IOHandler, read: any DispatchSourceRead) { self.handler = handler; self.read = read }
    }

    init(name: String) {
        queue = DispatchQueue(label: "agora.loop.\(name)")
    }

    func execute(_ task: @escaping @Sendable () -> Void) {
        queue.async(execute: task)
    }

    func register(_ fd: Int32, handler: any IOHandler, readable: Bool, writable: Bool) {
        let read = DispatchSource.makeReadSource(fileDescriptor: fd, queue: queue)
        let registration = Registration(handler: handler, read: read)
        // Weak captures: the registration owns the sources; a source must not keep its registration alive.
        read.setEventHandler { [weak self, weak registration] in
            guard let self, let registration else { return }
            registration.handler.handleReadable()
            self.batchEnd?()
        }
        sources[fd] = registration
        if readable { read.resume() } else { registration.readSuspended = true }
        if writable { setInterest(fd, readable: readable, writable: true) }
    }

    func registerListener(_ fd: Int32, handler: any IOHandler) {
        register(fd, handler: handler, readable: true, writable: false)
    }

    func setInterest(_ fd: Int32, readable: Bool, writable: Bool) {
        guard let registration = sources[fd] else { return }
        if readable && registration.readSuspended { registration.read.resume(); registration.readSuspended = false }
        if !readable && !registration.readSuspended { registration.read.suspend(); registration.readSuspended = true }
        if writable {
            if registration.write == nil {
                let write = DispatchSource.makeWriteSource(fileDescriptor: fd, queue: queue)
                write.setEventHandler { [weak self, weak registration] in
                    guard let self, let registration else { return }
                    registration.handler.handleWritable()
                    self.batchEnd?()
                }
                registration.write = write
            }
            if registration.writeSuspended { registration.write?.resume(); registration.writeSuspended = false }
        } else if let write = registration.write, !registration.writeSuspended {
            write.suspend()
            registration.writeSuspended = true
        }
    }

    func unregister(_ fd: Int32) {
        cancel(fd, thenClose: false)
    }

    func closeDescriptor(_ fd: Int32) {
        cancel(fd, thenClose: true)
    }

    private func cancel(_ fd: Int32, thenClose: Bool) {
        guard let registration = sources.removeValue(forKey: fd) else {
            if thenClose { _ = close(fd) }
            return
        }
        // The descriptor may only be closed once no source uses it: close in the last cancel handler.
        let remaining = SourceCount(registration.write == nil ? 1 : 2)
        let finish: () -> Void = { if remaining.decrement() == 0 && thenClose { _ = close(fd) } }
        registration.read.setCancelHandler(handler: finish)
        if registration.readSuspended { registration.read.resume() }
        registration.read.cancel()
        if let write = registration.write {
            write.setCancelHandler(handler: finish)
            if registration.writeSuspended { write.resume() }
            write.cancel()
        }
    }

    /// Counts cancel handlers still to run; both run on `queue`, so no lock is needed.
    private final class SourceCount {
        var value: Int
        init(_ value: Int) { self.value = value }
        func decrement() -> Int { value -= 1; return value }
    }

    func setTick(interval: Duration, _ tick: @escaping (MonotonicNanos) -> Void) {
        timer?.cancel()
        let timer = DispatchSource.makeTimerSource(queue: queue)
        let nanos = Int(max(interval.nanoseconds, 1_000_000))
        timer.schedule(deadline: .now() + .nanoseconds(nanos), repeating: .nanoseconds(nanos), leeway: .milliseconds(5))
        timer.setEventHandler { tick(SystemClock.monotonicNanos()) }
        timer.resume()
        self.timer = timer
    }

    /// Dispatch has no batch of events: each source's event is one, and the hook runs right after its handler. (It
    /// used to be a `queue.async` after the events already queued — one more work item, block allocation and
    /// possible thread wake-up per event, for a hook that only reads the clock and checks the log buffer's size.)
    func setBatchEnd(_ hook: @escaping () -> Void) { batchEnd = hook }

    func start() {}

    func stop(onStopped: @escaping @Sendable () -> Void) {
        queue.async { [self] in
            timer?.cancel()
            timer = nil
            for fd in Array(sources.keys) { cancel(fd, thenClose: false) }
            batchEnd = nil
            onStopped()
        }
    }
}
