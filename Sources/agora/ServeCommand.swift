import AgoraAPI
import AgoraDomain
import AgoraLogging
import AgoraStore
import Dispatch
import HTTPServer
import Logging
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `agora serve`: builds the server from the configuration, installs signal handling, serves until SIGTERM/SIGINT,
/// then drains and exits 0.
struct ServeCommand {
    let configuration: Configuration
    /// What the configuration was resolved from: SIGHUP resolves it again for the tokens (`TokenReload`).
    var flags: [String: String] = [:]
    var environment: [String: String] = [:]

    func run() -> Never {
        // One writer for every line (access log and events); each part logs through a Logger on it.
        let writer = LogWriter(level: Logger.Level(rawValue: configuration.string("logLevel")) ?? .info)
        let log = writer.logger(label: "agora")
        // Signals first: a SIGTERM that arrives while the store opens must not be lost (nor ignored).
        let termination = Signals.install(log: log, writer: writer)
        let tls = TLSListener.fromSettings(configuration, log: log, writer: writer)  // exits when the certificate is unusable
        let store = StoreWiring.open(configuration, log: writer)
        OpenFileLimit.fit(connections: configuration.int("maxConnections"), log: log)
        let tokenList = TokenList()
        let server = makeServer(store: store, tls: tls, log: writer, tokenList: tokenList)
        // Not ready while the store cannot write (a failed fsync turns it unwritable): the load balancer moves on.
        server.readiness.addCheck { store.isWritable }
        let tokens = TokenReload(flags: flags, environment: environment, tokenList: tokenList, log: log)
        Hangup.onSignal([{ tokens.reload() }] + (tls.map { listener in [{ listener.reloadCertificate(log: log) }] } ?? []))
        do throws(ServerError) {
            try server.start()
        } catch {
            writer.flush()
            fail(error.description, status: 1)
        }
        // Right after `start` (which logs "listening"): a SIGTERM sent by whoever saw that line must find the drain
        // here, not "terminated while starting" (CI caught the gap when the reload wiring sat in between).
        termination.onTerminate {
            log.info("shutting down", metadata: ["drainDelay": .string(configuration.string("drainDelay")),
                                                 "drainTimeout": .string(configuration.string("drainTimeout"))])
            server.shutdown { _ in
                // After the last response: a final snapshot, so the next start replays nothing.
                do { try store.close() } catch {
                    log.error("final snapshot failed", metadata: ["error": "\(String(describing: error))"])
                }
                writer.flush()
                // `_exit` for the reason `Termination.requested` gives: the store is closed and the log flushed, and
                // `exit`'s teardown racing the threads still alive could end a clean shutdown with a signal's status.
                _exit(0)
            }
        }
        parkMainThread()
    }

    /// The main thread has nothing left to do: every loop, timer and signal source runs on threads of its own, and
    /// nothing is queued on the main queue. It waits here rather than in `dispatchMain()`, whose `pthread_exit`
    /// makes libdispatch create the main queue's eventfd while tearing the thread down, and trap (SIGILL) when that
    /// fails — which it does when clients have already taken every descriptor (caught by the EMFILE test under load).
    private func parkMainThread() -> Never {
        while true { pause() }
    }

    /// `agora routes`: "METHOD /pattern" for every route `serve` answers. The API is built over a store on an empty
    /// in-memory log (`DisklessLog`): listing routes opens, creates and locks no data directory (routes depend on no
    /// data), so it can run anywhere, even beside a running server.
    func routeList() -> [String] {
        let log = LogWriter(level: .error)
        let store: DurableStore<AgoraState>
        do {
            store = try DurableStore<AgoraState>.open(log: DisklessLog<AgoraState>(),
                                                      options: StoreOptions(snapshotEveryCommands: 0,
                                                                            snapshotEverySeconds: 0,
                                                                            backgroundSnapshots: false)) { AgoraState() }
        } catch {
            fail("cannot build the routes: \(error)", status: 1)
        }
        let lines = makeServer(store: store, log: log, durableWebhooks: false).routes.map { "\($0.method.rawValue) \($0.pattern)" }
        try? store.close()
        return lines
    }

    /// The server with every route `serve` answers, not started (`agora routes` lists its routes).
    func makeServer(store: DurableStore<AgoraState>, tls: TLSListener? = nil,
                    log: LogWriter = LogWriter(level: .error), tokenList: TokenList? = nil,
                    durableWebhooks: Bool = true) -> HTTPServer {
        var router = Router()
        let api = APIWiring.register(in: &router, store: store, configuration: configuration,
                                     logger: log.logger(label: "agora.api"), tokenList: tokenList,
                                     durableWebhooks: durableWebhooks)
        let metrics = MetricsWiring.endpoint(api: api, configuration: configuration)
        metrics?.register(in: &router)
        var serverConfiguration = makeServerConfiguration(tls: tls)
        serverConfiguration.recordsMetrics = metrics != nil
        let server = HTTPServer(configuration: serverConfiguration, router: router, log: log)
        metrics?.attach(server)
        return server
    }

    private func makeServerConfiguration(tls: TLSListener?) -> ServerConfiguration {
        let limits = ParserLimits(maxRequestLineLength: configuration.int("maxRequestLineBytes"),
                                  maxHeaderSectionSize: configuration.int("maxHeaderBytes"),
                                  maxHeaderCount: configuration.int("maxHeaderCount"),
                                  maxBodySize: configuration.int("maxBodyBytes"))
        let timeouts = ConnectionTimeouts(header: configuration.seconds("headerTimeout"),
                                          body: configuration.seconds("bodyTimeout"),
                                          idle: configuration.seconds("idleTimeout"),
                                          write: configuration.seconds("writeTimeout"),
                                          handshake: configuration.seconds("tlsHandshakeTimeout"))
        let loops = configuration.int("loops")
        let proxies: TrustedProxies
        switch TrustedProxies.parse(configuration.list("trustedProxies")) {
        case .success(let parsed): proxies = parsed
        case .failure(let invalid): fail("invalid value for trustedProxies: \(invalid.description)")
        }
        return ServerConfiguration(
            listeners: (configuration.bool("plainHttp")
                        ? [.init(host: configuration.string("host"), port: configuration.int("port"))] : [])
                + (tls.map { [$0.listener] } ?? []),
            backend: EventLoopBackend(rawValue: configuration.string("backend")) ?? .platformDefault,
            loopCount: loops == 0 ? ServerConfiguration.coreCount : loops,
            parserLimits: limits,
            timeouts: timeouts,
            maxConnections: configuration.int("maxConnections"),
            outputBufferLimit: configuration.int("outputBufferBytes"),
            cors: CORSPolicy(publicOrigins: configuration.list("corsPublicOrigins"),
                             restrictedOrigins: configuration.list("corsRestrictedOrigins")),
            drainTimeout: configuration.seconds("drainTimeout"),
            drainDelay: configuration.seconds("drainDelay"),
            trustedProxies: proxies)
    }
}
