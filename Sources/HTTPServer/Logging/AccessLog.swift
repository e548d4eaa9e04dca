import AgoraJSON
import AgoraLogging

/// One JSON line per request (time, method, path, route template, query, status, bytes, duration µs, request id,
/// peer, client after trusted proxies, the token's role and name, the TLS version), built into a
/// per-loop buffer with byte appends and handed to the `LogWriter` once per event-loop batch — never a blocking
/// write, nor a swift-log call, per request. Owned by one event loop.
struct AccessLog {
    private let writer: LogWriter
    private let enabled: Bool
    /// False below `info`: then nothing is logged, and nothing need be looked up for a line.
    var isEnabled: Bool { enabled }
    private var buffer: [UInt8] = []
    private static let flushThreshold = 64 * 1024

    init(writer: LogWriter) {
        self.writer = writer
        enabled = writer.level <= .info
        buffer.reserveCapacity(Self.flushThreshold)
    }

    /// What a line says of one request. The fields that stay the same over many requests come already quoted, as
    /// the bytes of their `,"key":value` members: the route's (`routeField(_:)`, once per route, kept by the
    /// server), the peer's and the client's (`peerFields(peer:client:)`, once per connection), the TLS version's
    /// (`tlsField(_:)`, once per connection) — quoting them per request cost ~1 500 instructions (issue 16).
    struct Entry {
        var method: String
        var path: String
        /// `routeField(_:)` of the matched route's pattern (nil when none matched).
        var routeField: [UInt8]
        /// The raw query (without `?`), as received; nil when the target had none.
        var query: String?
        var status: Int
        var bytes: Int
        var durationMicros: UInt64
        var requestID: String
        /// `peerFields(peer:client:)`: the peer, and the client's address after trusted proxies
        /// (`Request.clientAddress`; the peer's address without one).
        var peerFields: [UInt8]
        /// Whom the request's credentials name; nil without (valid) credentials.
        var principal: AccessPrincipal? = nil
        /// `tlsField(_:)` of "TLSv1.3" on a TLS connection, of nil on plain TCP.
        var tlsField: [UInt8] = AccessLog.tlsField(nil)
    }

    /// `,"route":"<pattern>"`, or `,"route":null` when no route matched.
    static func routeField(_ pattern: String?) -> [UInt8] {
        var bytes: [UInt8] = []
        append(",\"route\":", pattern, to: &bytes)
        return bytes
    }

    /// `,"peer":"<peer>","client":"<client>"`.
    static func peerFields(peer: String, client: String) -> [UInt8] {
        var bytes: [UInt8] = []
        append(",\"peer\":", peer, to: &bytes)
        append(",\"client\":", client, to: &bytes)
        return bytes
    }

    /// `,"tls":"<version>"`, or `,"tls":null` on plain TCP.
    static func tlsField(_ version: String?) -> [UInt8] {
        var bytes: [UInt8] = []
        append(",\"tls\":", version, to: &bytes)
        return bytes
    }

    mutating func record(_ entry: Entry, dates: DateCache) {
        guard enabled else { return }
        JSONLine.appendOpening(time: dates.timestamps, level: .info, message: "request", to: &buffer)
        buffer.appendLiteral(",\"method\":")
        JSONText.appendQuoted(entry.method, to: &buffer)
        buffer.appendLiteral(",\"path\":")
        JSONText.appendQuoted(entry.path, to: &buffer)
        buffer.append(contentsOf: entry.routeField)
        Self.append(",\"query\":", entry.query, to: &buffer)
        buffer.appendLiteral(",\"status\":")
        ResponseHeadEncoder.appendDecimal(entry.status, to: &buffer)
        buffer.appendLiteral(",\"bytes\":")
        ResponseHeadEncoder.appendDecimal(entry.bytes, to: &buffer)
        buffer.appendLiteral(",\"durationUs\":")
        ResponseHeadEncoder.appendDecimal(Int(clamping: entry.durationMicros), to: &buffer)
        buffer.appendLiteral(",\"requestId\":")
        JSONText.appendQuoted(entry.requestID, to: &buffer)
        buffer.append(contentsOf: entry.peerFields)
        if let principal = entry.principal {
            Self.append(",\"role\":", principal.role, to: &buffer)
            Self.append(",\"token\":", principal.name, to: &buffer)
        } else {
            buffer.appendLiteral(",\"role\":null,\"token\":null")
        }
        buffer.append(contentsOf: entry.tlsField)
        JSONLine.appendClosing(to: &buffer)
        if buffer.count >= Self.flushThreshold { flush() }
    }

    /// `"key":"value"`, or `"key":null` when absent: every line has every field, so a reader needs no defaults.
    private static func append(_ key: StaticString, _ value: String?, to buffer: inout [UInt8]) {
        buffer.appendLiteral(key)
        if let value { JSONText.appendQuoted(value, to: &buffer) } else { buffer.appendLiteral("null") }
    }

    /// End of an event-loop batch: hand over only a sizeable buffer, so a busy loop wakes the log writer once per
    /// ~16 KiB of lines instead of once per batch; the loop's tick (at most 1 s) flushes the rest.
    mutating func flushIfLarge() {
        if buffer.count >= 16 * 1024 { flush() }
    }

    mutating func flush() {
        guard !buffer.isEmpty else { return }
        writer.submit(buffer)
        buffer = []
        buffer.reserveCapacity(Self.flushThreshold)
    }
}
