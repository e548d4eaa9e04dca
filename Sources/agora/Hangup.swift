import Dispatch
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// SIGHUP (`systemctl reload agora`, the unit's `ExecReload`): runs every reload in order — the tokens from the
/// configuration, the TLS certificate and key — each keeping what it has when its new version does not load.
enum Hangup {
    /// nonisolated(unsafe): written once, on the main thread during start-up, and never read; keeps the source alive.
    nonisolated(unsafe) private static var source: (any DispatchSourceSignal)?

    static func onSignal(_ reloads: [@Sendable () -> Void]) {
        signal(SIGHUP, SIG_IGN)
        let source = DispatchSource.makeSignalSource(signal: SIGHUP, queue: .global())
        source.setEventHandler { for reload in reloads { reload() } }
        source.resume()
        Self.source = source
    }
}
