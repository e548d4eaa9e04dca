import AgoraAPI
import AgoraDomain
import AgoraStore
import FoundationEssentials
import HTTPServer

/// Builds `/metrics` from the configuration: nil when `metrics` is off (then the route does not exist and the
/// engine records no request durations). A `metricsAllowFrom` entry that is not a network stops the server with status 2.
enum MetricsWiring {
    static func endpoint(api: AgoraAPI, configuration: Configuration) -> MetricsEndpoint? {
        guard configuration.bool("metrics") else { return nil }
        let networks: [AddressRange]
        switch MetricsAccess.networks(configuration.list("metricsAllowFrom")) {
        case .success(let parsed): networks = parsed
        case .failure(let invalid):
            fail("invalid value for metricsAllowFrom: entry \(invalid.index + 1) (\"\(invalid.text)\") is not an address or CIDR network")
        }
        let access = MetricsAccess(networks: networks, write: api.settings.write)
        let exporter = MetricsExporter(version: AgoraVersion.current, startedAt: Date().timeIntervalSince1970)
        return MetricsEndpoint(access: access, api: api, exporter: exporter,
                               journalPath: DurableStore<AgoraState>.journalPath(inDirectory: configuration.string("dataDir")))
    }
}
