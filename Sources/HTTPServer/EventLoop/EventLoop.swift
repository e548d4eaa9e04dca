/// Something an event loop tells when its file descriptor is ready. Called only on the loop that registered it.
protocol IOHandler: AnyObject {
    func handleReadable()
    func handleWritable()
}

/// A small event loop in the style of Redis's ae.c: it owns a set of descriptors and calls their handlers on its own
/// thread (or serial queue), so everything a connection holds is touched by exactly one loop and needs no lock.
///
/// Methods marked "loop only" must be called on the loop; `execute` may be called from any thread.
protocol EventLoop: AnyObject, Sendable {
    /// Runs `task` on the loop soon (from any thread). Used to return handler completions to the owning loop.
    func execute(_ task: @escaping @Sendable () -> Void)

    /// Loop only. Starts watching `fd`; `handler` is held strongly until `closeDescriptor`.
    func register(_ fd: Int32, handler: any IOHandler, readable: Bool, writable: Bool)

    /// Loop only. Watches a listening socket: the loop's own, or one shared by every loop (epoll: EPOLLEXCLUSIVE, so
    /// one loop wakes per incoming connection instead of all of them).
    func registerListener(_ fd: Int32, handler: any IOHandler)

    /// Loop only. Changes the interest set of a registered descriptor.
    func setInterest(_ fd: Int32, readable: Bool, writable: Bool)

    /// Loop only. Stops watching `fd` without closing it (a listener shared by several loops).
    func unregister(_ fd: Int32)

    /// Loop only. Stops watching and closes `fd` (after the backend no longer uses it).
    func closeDescriptor(_ fd: Int32)

    /// Loop only. `tick` runs every `interval` on the loop (timeouts, log flushing, accept resumption).
    func setTick(interval: Duration, _ tick: @escaping (MonotonicNanos) -> Void)

    /// Called at the end of each batch of readiness events, on the loop (flush buffered logs once per batch).
    func setBatchEnd(_ hook: @escaping () -> Void)

    /// Starts the loop's thread/queue.
    func start()

    /// Stops the loop; `onStopped` runs after the loop has finished its last callback.
    func stop(onStopped: @escaping @Sendable () -> Void)
}

enum EventLoops {
    static func make(_ backend: EventLoopBackend, name: String) throws(SocketError) -> any EventLoop {
        switch backend {
        case .epoll:
            #if os(Linux)
            return try EpollEventLoop(name: name)
            #else
            return DispatchEventLoop(name: name)
            #endif
        case .dispatch:
            return DispatchEventLoop(name: name)
        }
    }
}
