import AgoraLogging
import Dispatch
import HTTPServer
import Logging
import TLSTransport
import Glibc

/// `agora-bench serve`: the engine alone — `HTTPServer` with `BenchRoutes` and its health routes, over plain HTTP on
/// `--port` and over `TLSTransport` on `--tls-port` — with the access log on (buffered JSON lines, as `agora serve`
/// writes them) so the figures compare with nginx the way production would. Serves until SIGTERM or SIGINT, then
/// drains, flushes the log and exits 0.
enum BenchServer {
    static func run(_ flags: BenchFlags) -> Never {
        signal(SIGPIPE, SIG_IGN)  // a vanished peer is EPIPE on its connection, not the end of the process
        let log = LogWriter(level: Logger.Level(rawValue: flags.optional("log-level") ?? "info") ?? .info)
        let host = flags.optional("host") ?? "127.0.0.1"
        var listeners: [ServerConfiguration.Listener] = []
        if let port = flags.port("port") { listeners.append(.init(host: host, port: port)) }
        if let port = flags.port("tls-port") {
            let settings = TLSConfiguration(certificatePath: flags.required("tls-cert"), privateKeyPath: flags.required("tls-key"))
            let factory: TLSTransportFactory
            do throws(TLSSetupError) { factory = try TLSTransportFactory(configuration: settings) } catch {
                BenchFlags.fail("serve: \(error.description)", status: 1)
            }
            listeners.append(.init(host: host, port: port, transport: factory))
        }
        guard !listeners.isEmpty else { BenchFlags.fail("serve: --port, --tls-port or both are required") }
        guard let backend = EventLoopBackend(rawValue: flags.optional("backend") ?? EventLoopBackend.platformDefault.rawValue)
        else { BenchFlags.fail("serve: --backend must be epoll or dispatch") }
        var router = Router()
        BenchRoutes.add(to: &router)
        var configuration = ServerConfiguration(listeners: listeners, backend: backend,
                                                loopCount: flags.number("loops", ServerConfiguration.coreCount))
        switch flags.optional("listener") ?? "per-loop" {
        case "per-loop": configuration.listenerPerLoop = true
        case "shared": configuration.listenerPerLoop = false
        default: BenchFlags.fail("serve: --listener must be per-loop or shared")
        }
        let server = HTTPServer(configuration: configuration, router: router, log: log)
        do throws(ServerError) { try server.start() } catch {
            log.flush()
            BenchFlags.fail("serve: \(error.description)", status: 1)
        }
        let sources = [SIGTERM, SIGINT].map { number in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler {
                server.shutdown { _ in
                    log.flush()
                    exit(0)
                }
            }
            source.resume()
            return source
        }
        // Every loop, timer and signal source runs on threads of its own; the main thread only waits (in pause(),
        // not dispatchMain(): see ServeCommand.parkMainThread in the agora target).
        while true { withExtendedLifetime(sources) { _ = pause() } }
    }
}
