import AgoraLogging
import Dispatch
import Logging
import Synchronization
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// SIGTERM and SIGINT start a graceful shutdown (once; a second one exits at once with status 1). SIGPIPE is ignored
/// so a peer that vanished mid-write is an EPIPE error on that connection, not the end of the process.
///
/// Installed before anything slow (opening the store) so a termination request is never lost: until the server
/// is running there is nothing to drain, and the process exits 0 at once (the store is crash-safe at every step).
enum Signals {
    nonisolated(unsafe) private static var sources: [any DispatchSourceSignal] = []   // set once, on the main thread

    static func install(log: Logger, writer: LogWriter) -> Termination {
        signal(SIGPIPE, SIG_IGN)
        let termination = Termination(log: log, writer: writer)
        for number in [SIGTERM, SIGINT] {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { termination.requested() }
            source.resume()
            sources.append(source)
        }
        return termination
    }
}

/// What a termination signal does: before `onTerminate` is set, exit 0 at once; after, run it (graceful drain) the
/// first time and exit 1 on a second signal.
final class Termination: Sendable {
    private let state = Mutex<(action: (@Sendable () -> Void)?, signalled: Bool)>((nil, false))
    private let log: Logger
    /// Flushed before exiting, so the line saying why is written.
    private let writer: LogWriter

    init(log: Logger, writer: LogWriter) {
        self.log = log
        self.writer = writer
    }

    func onTerminate(_ action: @escaping @Sendable () -> Void) {
        let alreadySignalled = state.withLock { state -> Bool in
            state.action = action
            return state.signalled
        }
        if alreadySignalled { action() }
    }

    func requested() {
        let (action, repeated) = state.withLock { state -> ((@Sendable () -> Void)?, Bool) in
            let repeated = state.signalled
            state.signalled = true
            return (state.action, repeated)
        }
        if repeated {
            log.warning("second termination signal: exiting now")
            writer.flush()
            _exit(1)
        }
        guard let action else {
            log.info("terminated while starting")
            writer.flush()
            // `_exit`, not `exit`: another thread is still starting the server, and `exit`'s teardown (atexit
            // handlers, libdispatch's signal sources) racing it ended the process by SIGTERM (status 143) or SIGSEGV
            // in about half of the starts interrupted right after the store opened. Nothing is left to flush: the
            // log was flushed above and the store is crash-safe at every step.
            _exit(0)
        }
        action()
    }
}
