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
    /// The access log's `,"route":…` member per route id, quoted once (`AccessLog.routeField(_:)`).
    private let routeLogFields: [[UInt8]]
    private let unmatchedRouteLogField = AccessLog.routeField(nil)

    init(configuration: ServerConfiguration, responder: Responder, log: LogWriter, logger: Logger,
         readiness: Readiness) {
        self.configuration = configuration
        self.responder = responder
        routePatterns = responder.router.patterns
        routeLogFields = routePatterns.map { AccessLog.routeField($0) }
        finisher = ResponseFinisher(cors: responder.cors, errors: responder.errors, problems: responder.router.problems)
        self.log = log
        self.logger = logger
        self.readiness = readiness
    }

    /// The access log's route member for a route id (nil: none matched).
    func routeLogField(_ routeID: Int?) -> [UInt8] {
        guard let routeID, routeID >= 0, routeID < routeLogFields.count else { return unmatchedRouteLogField }
        return routeLogFields[routeID]
    }
}
