import HTTPServer

/// What a request of `GET /changes` asks for: the changes after `since` (nil: from now), at most `limit` in a JSON
/// page, only those of the events in `events` (`?event=a,b` or repeated; empty: all), and whether it is a held
/// stream (`Accept: text/event-stream`, WHATWG HTML §9.2), which resumes after `Last-Event-ID` when the client's
/// reconnect sends one.
struct ChangeQuery: Sendable {
    static let parameters = ["since", "limit", "event"]
    static let defaultLimit = 100

    var since: UInt64?
    var limit: Int
    var events: Set<String>
    var streams: Bool

    init(_ request: Request, maxPage: Int) throws(QueryError) {
        var since: String?
        var limit: String?
        var events: Set<String> = []
        if request.head.target.query != nil {
            for item in request.queryItems {
                switch item.name {
                case "since": since = since ?? item.value
                case "limit": limit = limit ?? item.value
                case "event":
                    for id in item.value.split(separator: ",") where !id.isEmpty { events.insert(String(id)) }
                default: throw .unknown(parameter: item.name, known: Self.parameters)
                }
            }
        }
        self.since = try since.map { value throws(QueryError) in
            guard let number = UInt64(value) else {
                throw .invalid(parameter: "since", value: value, expected: "a sequence number (0 or more)")
            }
            return number
        }
        if let limit {
            guard let number = Int(limit), (1...maxPage).contains(number) else {
                throw .invalid(parameter: "limit", value: limit, expected: "an integer from \(1) to \(maxPage)")
            }
            self.limit = number
        } else {
            self.limit = min(Self.defaultLimit, maxPage)
        }
        self.events = events
        streams = request.method == .get && Self.acceptsEventStream(request.headers["Accept"])
        // A reconnecting EventSource sends the id of the last event it received (§9.2.4): it wins over the URL's
        // `since`, which is where the stream first started.
        if streams, let last = request.headers["Last-Event-ID"], let sequence = UInt64(last) {
            self.since = sequence
        }
    }

    /// Whether `Accept` names `text/event-stream` (parameters and q-values aside; a q of 0 refuses it).
    static func acceptsEventStream(_ accept: String?) -> Bool {
        guard let accept else { return false }
        for range in accept.split(separator: ",") {
            let parts = range.split(separator: ";").map { $0.trimmingASCIIWhitespace().lowercased() }
            guard parts.first == "text/event-stream" else { continue }
            // RFC 9110 §12.4.2: "q=0" means not acceptable.
            let quality = parts.dropFirst().first { $0.hasPrefix("q=") }.flatMap { Double($0.dropFirst(2)) }
            return quality.map { $0 > 0 } ?? true
        }
        return false
    }

    /// The query of the page after `sequence`, keeping the limit and filter.
    func link(after sequence: UInt64) -> String {
        var link = "/changes?since=\(sequence)&limit=\(limit)"
        if !events.isEmpty { link += "&event=" + events.sorted().joined(separator: ",") }
        return link
    }
}
