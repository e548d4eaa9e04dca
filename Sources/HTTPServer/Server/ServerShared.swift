import AgoraLogging
import Logging
import Synchronization

/// What every loop shares: configuration, the responder, the completion point's decoration, logging, the
/// connection count and the readiness.
final class ServerShared: Sendable {
    let configuration: ServerConfiguration
    let responder: Responder
    let finisher: ResponseFinisher
    /// Where the access log's batches of lines go.
    let log: LogWriter
    /// Events outside the request path (start, stop, accept failures).
    let logger: Logger
    let readiness: Readiness
    let openConnections = Atomic<Int>(0)
    /// The router's patterns by route id, for the metrics and the access log.
    let routePatterns: [String]

    init(configuration: ServerConfiguration, responder: Responder, log: LogWriter, logger: Logger,
         readiness: Readiness) {
        self.configuration = configuration
        self.responder = responder
        routePatterns = responder.router.patterns
        finisher = ResponseFinisher(cors: responder.cors, errors: responder.errors, problems: responder.router.problems)
        self.log = log
        self.logger = logger
        self.readiness = readiness
    }
}
