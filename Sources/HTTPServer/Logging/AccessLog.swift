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

    struct Entry {
        var method: String
        var path: String
        /// The matched route's pattern; nil when none matched.
        var route: String?
        /// The raw query (without `?`), as received; nil when the target had none.
        var query: String?
        var status: Int
        var bytes: Int
        var durationMicros: UInt64
        var requestID: String
        var peer: String
        /// The client's address after trusted proxies (`Request.clientAddress`); the peer's address without one.
        var client: String
        /// Whom the request's credentials name; nil without (valid) credentials.
        var principal: AccessPrincipal? = nil
        /// "TLSv1.3" on a TLS connection, nil on plain TCP.
        var tls: String? = nil
    }

    mutating func record(_ entry: Entry, dates: DateCache) {
        guard enabled else { return }
        JSONLine.appendOpening(time: dates.timestamps, level: .info, message: "request", to: &buffer)
        buffer.append(contentsOf: ",\"method\":".utf8)
        JSONText.appendQuoted(entry.method, to: &buffer)
        buffer.append(contentsOf: ",\"path\":".utf8)
        JSONText.appendQuoted(entry.path, to: &buffer)
        Self.append(",\"route\":", entry.route, to: &buffer)
        Self.append(",\"query\":", entry.query, to: &buffer)
        buffer.append(contentsOf: ",\"status\":".utf8)
        ResponseHeadEncoder.appendDecimal(entry.status, to: &buffer)
        buffer.append(contentsOf: ",\"bytes\":".utf8)
        ResponseHeadEncoder.appendDecimal(entry.bytes, to: &buffer)
        buffer.append(contentsOf: ",\"durationUs\":".utf8)
        ResponseHeadEncoder.appendDecimal(Int(clamping: entry.durationMicros), to: &buffer)
        buffer.append(contentsOf: ",\"requestId\":".utf8)
        JSONText.appendQuoted(entry.requestID, to: &buffer)
        buffer.append(contentsOf: ",\"peer\":".utf8)
        JSONText.appendQuoted(entry.peer, to: &buffer)
        buffer.append(contentsOf: ",\"client\":".utf8)
        JSONText.appendQuoted(entry.client, to: &buffer)
        Self.append(",\"role\":", entry.principal?.role, to: &buffer)
        Self.append(",\"token\":", entry.principal?.name, to: &buffer)
        Self.append(",\"tls\":", entry.tls, to: &buffer)
        JSONLine.appendClosing(to: &buffer)
        if buffer.count >= Self.flushThreshold { flush() }
    }

    /// `"key":"value"`, or `"key":null` when absent: every line has every field, so a reader needs no defaults.
    private static func append(_ key: StaticString, _ value: String?, to buffer: inout [UInt8]) {
        buffer.append(contentsOf: UnsafeRawBufferPointer(start: key.utf8Start, count: key.utf8CodeUnitCount))
        if let value { JSONText.appendQuoted(value, to: &buffer) } else { buffer.append(contentsOf: "null".utf8) }
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
