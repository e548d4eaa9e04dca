public import HTTPServer
import Synchronization

/// Makes a `TLSSession` per accepted connection from the current certificate; shared by all event loops.
/// `reload()` (on SIGHUP) swaps in a new certificate/key pair for new handshakes, while sessions already
/// made keep the context they started with.
public final class TLSTransportFactory: TransportFactory {
    /// The settings the factory was built from (the engine reads the handshake timeout and HSTS here).
    public let configuration: TLSConfiguration
    /// The context new sessions are made from; swapped whole by `reload()`.
    private let current: Mutex<TLSContext>

    /// Loads the certificate chain and key; throws a `TLSSetupError` saying which file is wrong and how.
    public init(configuration: TLSConfiguration) throws(TLSSetupError) {
        self.configuration = configuration
        current = Mutex(try TLSContext(configuration: configuration))
    }

    /// Re-reads the certificate and key from the configured paths. On failure the previous pair stays in
    /// use and the error says why; on success the next handshake uses the new pair.
    public func reload() throws(TLSSetupError) {
        let replacement = try TLSContext(configuration: configuration)  // built outside the lock
        current.withLock { $0 = replacement }
    }

    /// The certificate new handshakes use, e.g. "/CN=api.example.org, valid until Nov 24 17:08:02 2026
    /// GMT", for the start-up and reload log lines.
    public var certificateSummary: String {
        current.withLock { $0 }.certificateSummary
    }

    public func makeTransport() throws(TransportError) -> any ConnectionTransport {
        try makeSession()
    }

    /// The same as `makeTransport()`, typed, for callers that want the session's details.
    public func makeSession() throws(TransportError) -> TLSSession {
        let context = current.withLock { $0 }  // the context outlives the lock: SSL_new holds a reference
        return try TLSSession(context: context)
    }
}
