import Synchronization

/// The application's end of a held stream (`StreamedResponse`): bytes sent from any thread hop to the connection's
/// loop and are written there. Back-pressure is the engine's: a client whose unsent output passes the connection's
/// output cap (`ServerConfiguration.outputBufferLimit`) is dropped, never buffered without bound. Whatever ends the
/// stream — the client leaving or dropped, `finish`, the server draining — runs the `onEnd` handlers once.
public final class ResponseStream: Sendable {
    enum Command: Sendable {
        case send([UInt8])
        case finish([UInt8])
    }

    private struct Ending: Sendable {
        var ended = false
        var handlers: [@Sendable () -> Void] = []
    }

    /// Hands a command to the connection on its loop (dropped once the connection is gone).
    private let deliver: @Sendable (Command) -> Void
    private let ending = Mutex(Ending())

    init(deliver: @escaping @Sendable (Command) -> Void) {
        self.deliver = deliver
    }

    /// Queues `bytes` for the client (any thread; order is kept). After the end they are dropped.
    public func send(_ bytes: [UInt8]) {
        guard !isEnded else { return }
        deliver(.send(bytes))
    }

    /// Writes `last`, ends the response and closes the connection once it is written.
    public func finish(_ last: [UInt8] = []) {
        guard !isEnded else { return }
        deliver(.finish(last))
    }

    /// Runs `handler` once when the stream ends (at once if it already has), on whichever thread ends it.
    public func onEnd(_ handler: @escaping @Sendable () -> Void) {
        let runNow = ending.withLock { ending -> Bool in
            if ending.ended { return true }
            ending.handlers.append(handler)
            return false
        }
        if runNow { handler() }
    }

    public var isEnded: Bool { ending.withLock { $0.ended } }

    /// The connection ended the stream: run the handlers, once.
    func ended() {
        let handlers = ending.withLock { ending -> [@Sendable () -> Void] in
            guard !ending.ended else { return [] }
            ending.ended = true
            defer { ending.handlers = [] }
            return ending.handlers
        }
        for handler in handlers { handler() }
    }
}
