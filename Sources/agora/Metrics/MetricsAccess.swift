import AgoraAPI
import HTTPServer

/// Who may read `/metrics`: a client in one of the `metricsAllowFrom` networks, or a request with an admin
/// token. Metrics are not personal data, but they show traffic, routes and failures, so they are not public.
struct MetricsAccess: Sendable {
    let networks: [AddressRange]
    /// The API's write settings, whose `tokens` are read at each request (so replaced tokens apply at once).
    let write: WriteSettings

    /// Throws the problem to answer unless the request may read the metrics: from an allowed network always;
    /// otherwise the token decides (401 without one or with one that is not ours, 403 without the admin role) —
    /// but a request with no token from outside configured networks gets 403: no token is what it lacks least.
    func check(_ request: Request) throws {
        // The TCP peer on purpose, not the forwarded client: a header must not open the metrics.
        if let address = IPAddress(Request.address(ofPeer: request.peer)),
           networks.contains(where: { $0.contains(address) }) { return }
        if !networks.isEmpty, request.headers["Authorization"] == nil {
            throw Problem(status: .forbidden,
                          detail: "Metrics are served to the networks in metricsAllowFrom, or with an admin token.")
        }
        try write.tokens.require(.admin, for: request)
    }

    /// The networks of `metricsAllowFrom`, or the first entry that is not a network.
    static func networks(_ entries: [String]) -> Result<[AddressRange], InvalidNetwork> {
        var networks: [AddressRange] = []
        for (index, entry) in entries.enumerated() {
            guard let network = AddressRange(entry) else { return .failure(InvalidNetwork(index: index, text: entry)) }
            networks.append(network)
        }
        return .success(networks)
    }

    struct InvalidNetwork: Error {
        let index: Int
        let text: String
    }
}
