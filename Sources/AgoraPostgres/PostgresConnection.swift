// One libpq connection. libpq calls block (a query waits for the server), so a connection is only ever used
// on a thread of its own: the store's writer queue, the snapshot queue, or the listener's thread — never an
// HTTP event loop.
import CLibPQ
import Glibc

// @unchecked Sendable: the PGconn is used by one queue at a time, the one that owns the connection (the store's
// writer queue for the append connection, StoreWriter.snapshotQueue for the snapshot connection, the listener's
// queue for the LISTEN connection); it is handed between them only before its first use.
final class PostgresConnection: @unchecked Sendable {
    private let handle: OpaquePointer

    private init(handle: OpaquePointer) {
        self.handle = handle
    }

    /// What every connection asks for unless `url` says otherwise. libpq reads the keywords in order and the last
    /// value of a keyword wins, so `dbname` (the URL, expanded) comes after these and an operator's own
    /// `?connect_timeout=…` or `application_name` overrides them (libpq, "Database Connection Control Functions").
    /// - `connect_timeout`: a server that accepts the TCP connection but never answers (overloaded, a half-open path)
    ///   fails the connect after 10 s. Without it the connect waits forever on the store's writer queue, and every
    ///   write behind it hangs instead of getting its 503.
    /// - keepalives: an idle connection (LISTEN, the delivery lease) to a peer that vanished without FIN or RST is
    ///   noticed in about a minute (30 s idle, then probes every 10 s) instead of the kernel's two hours.
    /// - `tcp_user_timeout`: bytes sent and unacknowledged for 30 s break the connection (RFC 5482's user timeout),
    ///   which bounds a query to a vanished server.
    /// - `application_name`: the instance's sessions are named in pg_stat_activity.
    static let defaults: [(keyword: String, value: String)] = [
        ("connect_timeout", "10"), ("keepalives", "1"), ("keepalives_idle", "30"), ("keepalives_interval", "10"),
        ("keepalives_count", "3"), ("tcp_user_timeout", "30000"), ("application_name", "agora"),
    ]

    /// Connects to `url` (a libpq connection URI or key=value string; RFC 3986 for the URI form), with `defaults`
    /// under it.
    static func connect(_ url: String) throws(PostgresError) -> PostgresConnection {
        let settings = defaults + [("dbname", url)]
        let keywords = settings.map { strdup($0.keyword) }
        let values = settings.map { strdup($0.value) }
        defer {
            keywords.forEach { free($0) }
            values.forEach { free($0) }
        }
        let connected = (keywords.map { UnsafePointer($0) } + [nil]).withUnsafeBufferPointer { keywordList in
            (values.map { UnsafePointer($0) } + [nil]).withUnsafeBufferPointer { valueList in
                PQconnectdbParams(keywordList.baseAddress, valueList.baseAddress, 1)
            }
        }
        guard let handle = connected else { throw .connectFailed(reason: "out of memory") }
        guard PQstatus(handle) == CONNECTION_OK else {
            let reason = message(handle)
            PQfinish(handle)
            throw .connectFailed(reason: reason)
        }
        let connection = PostgresConnection(handle: handle)
        // NOTICEs and WARNINGs would otherwise go to stderr, which is the server's JSON-line log; what matters
        // reaches the caller as an error (a commit "committed locally" but cut off surfaces as a lost connection).
        _ = try connection.execute("SET client_min_messages = error")
        return connection
    }

    deinit { PQfinish(handle) }

    /// The server process serving this connection (what `pg_terminate_backend` takes).
    var backendPID: Int32 { PQbackendPID(handle) }

    /// The descriptor to poll for notifications.
    var socket: Int32 { PQsocket(handle) }

    var isBroken: Bool { PQstatus(handle) != CONNECTION_OK }

    /// Runs `sql` with `parameters` ($1, $2, … in binary format) and returns its rows (text format).
    @discardableResult
    func execute(_ sql: String, _ parameters: [PostgresValue] = []) throws(PostgresError) -> PostgresRows {
        let label = Self.label(sql)
        let result = Self.run(handle, sql, parameters)
        guard let result else { throw lost(label) }
        defer { PQclear(result) }
        let status = PQresultStatus(result)
        guard status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK else {
            if isBroken { throw lost(label) }
            let sqlState = PQresultErrorField(result, Int32(UInt8(ascii: "C"))).map { String(cString: $0) } ?? "?????"
            let reason = PQresultErrorMessage(result).map { String(cString: $0) } ?? "unknown error"
            throw .statementFailed(statement: label, sqlState: sqlState, reason: Self.trimmed(reason))
        }
        let rowCount = Int(PQntuples(result))
        let columnCount = Int(PQnfields(result))
        var rows: [[[UInt8]?]] = []
        rows.reserveCapacity(rowCount)
        for row in 0..<Int32(rowCount) {
            var values: [[UInt8]?] = []
            values.reserveCapacity(columnCount)
            for column in 0..<Int32(columnCount) {
                if PQgetisnull(result, row, column) == 1 {
                    values.append(nil)
                    continue
                }
                let length = Int(PQgetlength(result, row, column))
                let value = PQgetvalue(result, row, column).map { pointer in
                    pointer.withMemoryRebound(to: UInt8.self, capacity: length) { Array(UnsafeBufferPointer(start: $0, count: length)) }
                }
                values.append(value ?? [])
            }
            rows.append(values)
        }
        return PostgresRows(statement: label, rows: rows)
    }

    /// Reads what arrived on the socket; false when the connection broke.
    func consumeInput() -> Bool { PQconsumeInput(handle) == 1 }

    /// The notifications received so far (LISTEN), as (channel, payload).
    func notifications() -> [(channel: String, payload: String)] {
        var found: [(String, String)] = []
        while let notify = PQnotifies(handle) {
            found.append((String(cString: notify.pointee.relname), String(cString: notify.pointee.extra)))
            PQfreemem(notify)
        }
        return found
    }

    private func lost(_ label: String) -> PostgresError {
        .connectionLost(statement: label, reason: Self.message(handle))
    }

    private static func run(_ handle: OpaquePointer, _ sql: String, _ parameters: [PostgresValue]) -> OpaquePointer? {
        if parameters.isEmpty { return PQexec(handle, sql) }
        var buffer: [UInt8] = []
        var offsets: [Int] = []
        var lengths: [Int32] = []
        for parameter in parameters {
            let bytes = parameter.bytes
            offsets.append(buffer.count)
            lengths.append(Int32(bytes.count))
            buffer.append(contentsOf: bytes)
        }
        buffer.append(0)  // a non-nil base even when every value is empty
        let types = parameters.map(\.typeOID)
        let formats = [Int32](repeating: 1, count: parameters.count)
        return buffer.withUnsafeBufferPointer { base -> OpaquePointer? in
            guard let address = base.baseAddress else { return nil }  // never: it holds at least the terminator
            let raw = UnsafeRawPointer(address)
            let values: [UnsafePointer<CChar>?] = offsets.map { raw.advanced(by: $0).assumingMemoryBound(to: CChar.self) }
            return PQexecParams(handle, sql, Int32(parameters.count), types, values, lengths, formats, 0)
        }
    }

    private static func message(_ handle: OpaquePointer) -> String {
        trimmed(PQerrorMessage(handle).map { String(cString: $0) } ?? "unknown error")
    }

    private static func trimmed(_ text: String) -> String {
        var text = Substring(text)
        while let last = text.last, last.isWhitespace { text.removeLast() }
        return String(text)
    }

    /// The statement's first words, for errors and logs (never its parameters: they hold personal data).
    private static func label(_ sql: String) -> String {
        let words = sql.split(whereSeparator: { $0 == " " || $0 == "\n" }).prefix(4)
        return words.joined(separator: " ")
    }
}
