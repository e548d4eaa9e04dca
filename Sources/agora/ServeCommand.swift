import Dispatch
import HTTPServer
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `agora serve`: builds the server from the configuration, installs signal handling, serves until SIGTERM/SIGINT,
/// then drains and exits 0.
struct ServeCommand {
    let configuration: Configuration

    func run() -> Never {
        let log = LogSink(level: LogLevel(rawValue: configuration.string("logLevel")) ?? .info)
        let tls = TLSListener.fromSettings(configuration, log: log)  // exits when the certificate is unusable
        let server = makeServer(tls: tls, log: log)
        do throws(ServerError) {
            try server.start()
        } catch {
            log.flush()
            fail(error.description, status: 1)
        }
        tls?.reloadOnHangup(log: log)
        Signals.install(log: log) {
            log.log(.info, "shutting down", [("drainTimeout", configuration.string("drainTimeout"))])
            server.shutdown { _ in
                log.flush()
                exit(0)
            }
        }
        dispatchMain()
    }

    /// The server with every route `serve` answers, not started (`agora routes` lists its routes).
    func makeServer(tls: TLSListener? = nil, log: LogSink = LogSink(level: .error)) -> HTTPServer {
        var router = Router()
        if configuration.bool("benchRoutes") { BenchRoutes.add(to: &router) }
        return HTTPServer(configuration: makeServerConfiguration(tls: tls), router: router, log: log)
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
            drainTimeout: configuration.seconds("drainTimeout"))
    }
}

/// SIGTERM and SIGINT start a graceful shutdown (once); SIGPIPE is ignored so a peer that vanished mid-write is an
/// EPIPE error on that connection, not the end of the process.
enum Signals {
    nonisolated(unsafe) private static var sources: [any DispatchSourceSignal] = []

    static func install(log: LogSink, onTerminate: @escaping @Sendable () -> Void) {
        signal(SIGPIPE, SIG_IGN)
        let once = TerminateOnce()
        for number in [SIGTERM, SIGINT] {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler {
                if once.first() {
                    onTerminate()
                } else {
                    log.log(.warning, "second termination signal: exiting now")
                    log.flush()
                    exit(1)
                }
            }
            source.resume()
            sources.append(source)
        }
    }
}

import Synchronization
final class TerminateOnce: Sendable {
    private let flag = Atomic<Bool>(false)
    func first() -> Bool { !flag.exchange(true, ordering: .acquiringAndReleasing) }
}

/// A fixed ~12 KiB JSON body for the engine benchmark (compared with nginx serving the same bytes).
enum BenchRoutes {
    static let body: [UInt8] = {
        var json = "{\"items\":["
        var index = 0
        while json.utf8.count < 12 * 1024 - 200 {
            if index > 0 { json += "," }
            json += "{\"id\":\"slot-\(index)\",\"title\":\"Assises sociales — Vortrag \(index)\",\"startsAt\":\"2025-11-20T09:15:00+01:00\",\"room\":\"Centre culturel Bonnevoie\"}"
            index += 1
        }
        json += "]}"
        return Array(json.utf8)
    }()

    static func add(to router: inout Router) {
        let body = Self.body
        router.get("/bench/static") { _ in .now(.json(body)) }
    }
}
