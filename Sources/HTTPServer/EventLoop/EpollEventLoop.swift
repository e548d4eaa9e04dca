#if os(Linux)
import Glibc
import CSystem
import Synchronization

/// The Linux backend: one thread blocking in `epoll_wait` on its own epoll fd, level-triggered, so a connection reads
/// once per readiness and is woken again if bytes remain (no EAGAIN-probing read per request). Cross-thread work
/// (`execute`) goes through a mutex-guarded queue and an eventfd that wakes the loop.
///
/// @unchecked Sendable: `handlers`, `tick` and `batchEnd` are touched only on the loop thread; `pending` is guarded by
/// its Mutex; `epollFD`/`wakeFD` are immutable after init; `running` is atomic.
final class EpollEventLoop: EventLoop, @unchecked Sendable {
    private let name: String
    private let epollFD: Int32
    private let wakeFD: Int32
    private var handlers: [(any IOHandler)?] = []
    private let pending = Mutex<[@Sendable () -> Void]>([])
    private let running = Atomic<Bool>(false)
    private var tick: ((MonotonicNanos) -> Void)?
    private var tickInterval: UInt64 = 1_000_000_000
    private var nextTick: MonotonicNanos = 0
    private var batchEnd: (() -> Void)?
    private var onStopped: (@Sendable () -> Void)?
    private static let wakeToken: UInt64 = UInt64.max

    init(name: String) throws(SocketError) {
        self.name = name
        let ep = csystem_epoll_create()
        guard ep >= 0 else { throw SocketError("epoll_create1") }
        let wake = csystem_eventfd()
        guard wake >= 0 else { let e = SocketError("eventfd"); Glibc.close(ep); throw e }
        epollFD = ep
        wakeFD = wake
        guard csystem_epoll_add(ep, wake, csystem_EPOLLIN, Self.wakeToken) == 0 else {
            let e = SocketError("epoll_ctl(eventfd)"); Glibc.close(ep); Glibc.close(wake); throw e
        }
    }

    deinit {
        Glibc.close(epollFD)
        Glibc.close(wakeFD)
    }

    func execute(_ task: @escaping @Sendable () -> Void) {
        let wasEmpty = pending.withLock { queue in
            queue.append(task)
            return queue.count == 1
        }
        // One wake-up per batch of tasks: later appends find the loop already signalled.
        if wasEmpty { _ = csystem_eventfd_signal(wakeFD) }
    }

    private func mask(_ readable: Bool, _ writable: Bool) -> UInt32 {
        (readable ? csystem_EPOLLIN | csystem_EPOLLRDHUP : 0) | (writable ? csystem_EPOLLOUT : 0)
    }

    func register(_ fd: Int32, handler: any IOHandler, readable: Bool, writable: Bool) {
        let index = Int(fd)
        if index >= handlers.count { handlers.append(contentsOf: repeatElement(nil, count: index - handlers.count + 64)) }
        handlers[index] = handler
        _ = csystem_epoll_add(epollFD, fd, mask(readable, writable), UInt64(fd))
    }

    /// A listening socket. EPOLLEXCLUSIVE matters only for one shared by every loop (`listenerPerLoop` off): it wakes
    /// one loop per incoming connection, not all of them — though unevenly, the last to wait first. A socket of this
    /// loop's own (an SO_REUSEPORT group member) is in no other epoll set, so the flag changes nothing for it.
    func registerListener(_ fd: Int32, handler: any IOHandler) {
        let index = Int(fd)
        if index >= handlers.count { handlers.append(contentsOf: repeatElement(nil, count: index - handlers.count + 64)) }
        handlers[index] = handler
        _ = csystem_epoll_add(epollFD, fd, csystem_EPOLLIN | csystem_EPOLLEXCLUSIVE, UInt64(fd))
    }

    func setInterest(_ fd: Int32, readable: Bool, writable: Bool) {
        _ = csystem_epoll_mod(epollFD, fd, mask(readable, writable), UInt64(fd))
    }

    func unregister(_ fd: Int32) {
        _ = csystem_epoll_del(epollFD, fd)
        if Int(fd) < handlers.count { handlers[Int(fd)] = nil }
    }

    func closeDescriptor(_ fd: Int32) {
        unregister(fd)
        Glibc.close(fd)
    }

    func setTick(interval: Duration, _ tick: @escaping (MonotonicNanos) -> Void) {
        self.tick = tick
        tickInterval = max(interval.nanoseconds, 1_000_000)
        nextTick = SystemClock.monotonicNanos() + tickInterval
    }

    func setBatchEnd(_ hook: @escaping () -> Void) { batchEnd = hook }

    func start() {
        running.store(true, ordering: .releasing)
        let box = Unmanaged.passRetained(self)
        var thread = pthread_t()
        let rc = pthread_create(&thread, nil, { raw in
            let loop = Unmanaged<EpollEventLoop>.fromOpaque(raw!).takeRetainedValue()
            loop.run()
            return nil
        }, box.toOpaque())
        if rc != 0 { box.release(); fatalError("pthread_create failed for event loop \(name): \(rc)") }
        pthread_detach(thread)
    }

    func stop(onStopped: @escaping @Sendable () -> Void) {
        execute { [self] in
            self.onStopped = onStopped
            running.store(false, ordering: .releasing)
        }
    }

    private func run() {
        let capacity = 256
        var datas = [UInt64](repeating: 0, count: capacity)
        var events = [UInt32](repeating: 0, count: capacity)
        while running.load(ordering: .acquiring) {
            let now = SystemClock.monotonicNanos()
            let timeout = tick == nil ? -1 : Int32(clamping: (nextTick > now ? nextTick - now : 0) / 1_000_000 + 1)
            let n = datas.withUnsafeMutableBufferPointer { d in
                events.withUnsafeMutableBufferPointer { e in
                    csystem_epoll_wait(epollFD, d.baseAddress, e.baseAddress, Int32(capacity), timeout)
                }
            }
            if n > 0 {
                for i in 0..<Int(n) {
                    let token = datas[i]
                    if token == Self.wakeToken { _ = csystem_eventfd_drain(wakeFD); runPending(); continue }
                    let fd = Int(token)
                    let flags = events[i]
                    // Look the handler up afresh for every event: an earlier handler in this batch may have closed it.
                    if flags & (csystem_EPOLLIN | csystem_EPOLLERR | csystem_EPOLLHUP | csystem_EPOLLRDHUP) != 0,
                       fd < handlers.count, let handler = handlers[fd] {
                        handler.handleReadable()
                    }
                    if flags & csystem_EPOLLOUT != 0, fd < handlers.count, let handler = handlers[fd] {
                        handler.handleWritable()
                    }
                }
            }
            if let tick {
                let after = SystemClock.monotonicNanos()
                if after >= nextTick {
                    nextTick = after + tickInterval
                    tick(after)
                }
            }
            batchEnd?()
        }
        runPending()
        handlers.removeAll()
        tick = nil
        batchEnd = nil
        onStopped?()
    }

    private func runPending() {
        let tasks = pending.withLock { queue -> [@Sendable () -> Void] in
            let taken = queue
            queue.removeAll(keepingCapacity: true)
            return taken
        }
        for task in tasks { task() }
    }
}
#endif
