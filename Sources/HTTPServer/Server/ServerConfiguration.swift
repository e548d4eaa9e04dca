/// Everything the engine can be told, with documented defaults (Docs/configuration.md lists the matching keys).
public struct ServerConfiguration: Sendable {
    public struct Listener: Sendable {
        public var host: String
        public var port: Int
        /// nil: plain TCP. Otherwise a transport per connection (TLS).
        public var transport: (any TransportFactory)?
        /// Added to every response sent through this listener (unless the handler set the field itself): headers
        /// that depend on how the client connected, e.g. `Strict-Transport-Security`, which RFC 6797 §7.2 allows
        /// only over TLS.
        public var responseHeaders: HTTPHeaders

        public init(host: String, port: Int, transport: (any TransportFactory)? = nil,
                    responseHeaders: HTTPHeaders = HTTPHeaders()) {
            self.host = host
            self.port = port
            self.transport = transport
            self.responseHeaders = responseHeaders
        }
    }

    public var listeners: [Listener]
    public var backend: EventLoopBackend
    /// Event loops (threads): one per core by default.
    public var loopCount: Int
    public var backlog: Int32
    public var parserLimits: ParserLimits
    public var timeouts: ConnectionTimeouts
    /// Open connections at most; beyond it the server stops accepting until one closes.
    public var maxConnections: Int
    /// Per-connection reply list cap: past it, the connection stops reading requests until the peer reads.
    public var outputBufferLimit: Int
    /// Per-connection query buffer cap (pipelined requests waiting behind a slow handler).
    public var receiveBufferLimit: Int
    public var initialReceiveBuffer: Int
    public var cors: CORSPolicy
    /// How long a graceful shutdown waits for in-flight requests before closing what is left (counted from the end
    /// of `drainDelay`).
    public var drainTimeout: Duration
    /// Peers whose `Forwarded` / `X-Forwarded-For` / `X-Forwarded-Proto` are believed (none by default).
    public var trustedProxies: TrustedProxies
    /// How long a graceful shutdown keeps serving everything, with `/readyz` at 503, before the drain proper.
    public var drainDelay: Duration
    /// Linux: each loop listens on a socket of its own, all bound to the listener's port as one SO_REUSEPORT group,
    /// so the kernel spreads connections evenly over the loops and no loop wakes for a connection another takes.
    /// Off (and on other systems): the loops share one listening socket (epoll: `EPOLLEXCLUSIVE`), which wakes them
    /// unevenly — the engine benchmark's comparison point.
    public var listenerPerLoop = true
    /// Whether the loops count requests for `HTTPServer.metrics` (off: no request durations are recorded; the plain counters of bytes, errors and timeouts are single adds and stay).
    public var recordsMetrics = true

    public init(listeners: [Listener] = [Listener(host: "127.0.0.1", port: 8080)],
                backend: EventLoopBackend = .platformDefault,
                loopCount: Int = ServerConfiguration.coreCount,
                backlog: Int32 = 1024,
                parserLimits: ParserLimits = ParserLimits(),
                timeouts: ConnectionTimeouts = ConnectionTimeouts(),
                maxConnections: Int = 10_000,
                outputBufferLimit: Int = 4 << 20,
                receiveBufferLimit: Int = 128 << 10,
                initialReceiveBuffer: Int = 8 << 10,
                cors: CORSPolicy = CORSPolicy(),
                drainTimeout: Duration = .seconds(10),
                drainDelay: Duration = .zero,
                trustedProxies: TrustedProxies = TrustedProxies()) {
        self.listeners = listeners
        self.backend = backend
        self.loopCount = max(1, loopCount)
        self.backlog = backlog
        self.parserLimits = parserLimits
        self.timeouts = timeouts
        self.maxConnections = maxConnections
        self.outputBufferLimit = outputBufferLimit
        // The buffer must hold at least a maximal request head, or a legal head could never complete.
        self.receiveBufferLimit = max(receiveBufferLimit,
                                      parserLimits.maxRequestLineLength + parserLimits.maxHeaderSectionSize + 4096)
        self.initialReceiveBuffer = initialReceiveBuffer
        self.cors = cors
        self.drainTimeout = drainTimeout
        self.drainDelay = drainDelay
        self.trustedProxies = trustedProxies
    }

    public static var coreCount: Int {
        #if canImport(Glibc)
        return max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))
        #else
        return max(1, Int(sysconf(_SC_NPROCESSORS_ONLN)))
        #endif
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
