import AgoraAPI
import AgoraDomain
import AgoraStore
import FoundationEssentials
import HTTPServer
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Everything one scrape reads, gathered before anything is exported: the engine's counters (from its loops),
/// the store's, the state's sizes, the API's refusals and the process's own figures.
struct MetricsSources: Sendable {
    var server: ServerMetrics
    var store: StoreStatistics
    /// The store's writability transitions and disk probes (`DurableStore.status`).
    var storeStatus: StoreStatus
    var sequence: UInt64
    var writable: Bool
    var journalBytes: Double
    var events: Int
    var slots: Int
    var partners: Int
    var registrations: [RegistrationStatus: Int]
    var rateLimitRefusals: UInt64
    /// With a PostgreSQL store: whether this instance holds the delivery lease (Docs/scaling.md); nil otherwise.
    var delivering: Bool?
    var process: ProcessStatistics
    var now: Date

    /// Reads the store and the API now; `server` comes from `HTTPServer.metrics`.
    init(server: ServerMetrics, api: AgoraAPI, journalPath: String) {
        self.server = server
        let store = api.store
        self.store = store.statistics
        storeStatus = store.status
        let (state, sequence) = store.versionedState
        self.sequence = sequence
        writable = store.isWritable
        var file = stat()
        journalBytes = stat(journalPath, &file) == 0 ? Double(file.st_size) : 0
        events = state.events.count
        slots = state.events.values.reduce(0) { $0 + $1.programme.count }
        partners = state.partners.count
        registrations = state.registrations.countsByStatus()
        rateLimitRefusals = api.statistics.rateLimitRefusals
        delivering = api.settings.webhooks.shared.map { $0.lease.isHeld }
        process = .current()
        now = Date()
    }
}
