import AgoraDomain
import HTTPServer

/// One end of a time filter: a calendar day (`2025-11-20`, read in each event's own zone) or an instant
/// (`2025-11-20T09:00:00+01:00`).
enum TimeBound: Equatable {
    case date(LocalDate)
    case instant(Instant)

    static func parse(_ text: String, parameter: String) throws(QueryError) -> TimeBound {
        if text.utf8.count == 10, let midnight = Instant(rfc3339: text + "T00:00:00Z") {
            let local = midnight.localDateTime(inZone: "UTC")
            return .date(local.date)
        }
        if let instant = Instant(rfc3339: text) { return .instant(instant) }
        throw .invalid(parameter: parameter, value: text,
                       expected: "a date (2025-11-20) or an RFC 3339 instant (2025-11-20T09:00:00+01:00)")
    }

    /// Midnight UTC of `day` (for a zone the rules do not know, and for the sanity check of a range).
    static func utcMidnight(_ day: LocalDate) -> Instant {
        Instant(rfc3339: "\(day)T00:00:00Z") ?? Instant(secondsSince1970: 0)
    }

    /// The first instant included by a lower bound, in `zone`.
    func lowerInstant(inZone zone: String) -> Instant {
        switch self {
        case .date(let day): day.start(inZone: zone) ?? Self.utcMidnight(day)
        case .instant(let instant): instant
        }
    }

    /// The first instant excluded by an upper bound (a day counts whole; an instant is included), in `zone`.
    func upperInstantExclusive(inZone zone: String) -> Instant {
        switch self {
        case .date(let day): day.adding(days: 1).start(inZone: zone) ?? Self.utcMidnight(day.adding(days: 1))
        case .instant(let instant): instant.adding(seconds: 1)
        }
    }

    /// Both ends read in UTC, only to reject a range that ends before it starts (`from` after `to`) up front.
    var utcLower: Instant { lowerInstant(inZone: "UTC") }
    var utcUpperExclusive: Instant { upperInstantExclusive(inZone: "UTC") }
}

/// Typed access to query parameters, each failure a 400 naming the parameter. The query is decoded once here
/// (`Request.query(_:)` decodes all of it on every call, which showed up as a third of an uncached read).
struct QueryReader {
    let request: Request
    private let values: [String: String]

    init(request: Request) {
        self.request = request
        var values: [String: String] = [:]
        if request.head.target.query != nil {
            for item in request.queryItems where values[item.name] == nil { values[item.name] = item.value }
        }
        self.values = values
    }

    /// The raw (decoded) value of the first occurrence of `name`.
    func raw(_ name: String) -> String? { values[name] }

    func string(_ name: String) -> String? {
        guard let value = values[name] else { return nil }
        let trimmed = Substring(value).trimmingASCIIWhitespace()
        return trimmed.isEmpty ? nil : trimmed
    }

    func bool(_ name: String) throws(QueryError) -> Bool? {
        guard let value = string(name) else { return nil }
        switch value.lowercased() {
        case "true", "1", "yes": return true
        case "false", "0", "no": return false
        default: throw .invalid(parameter: name, value: value, expected: "true or false")
        }
    }

    func integer(_ name: String, in range: ClosedRange<Int>) throws(QueryError) -> Int? {
        guard let value = string(name) else { return nil }
        guard let number = Int(value), range.contains(number) else {
            throw .invalid(parameter: name, value: value,
                           expected: "an integer from \(range.lowerBound) to \(range.upperBound)")
        }
        return number
    }

    func time(_ name: String) throws(QueryError) -> TimeBound? {
        guard let value = string(name) else { return nil }
        return try TimeBound.parse(value, parameter: name)
    }

    func date(_ name: String) throws(QueryError) -> LocalDate? {
        guard let value = string(name) else { return nil }
        guard case .date(let day) = try TimeBound.parse(value, parameter: name) else {
            throw .invalid(parameter: name, value: value, expected: "a date such as 2025-11-20")
        }
        return day
    }

    /// `from` and `to` together, refusing a range that ends before it starts.
    func range() throws(QueryError) -> (from: TimeBound?, to: TimeBound?) {
        let from = try time("from")
        let to = try time("to")
        if let from, let to, to.utcUpperExclusive <= from.utcLower {
            throw .inconsistent(parameters: ["from", "to"],
                                detail: "Query parameter from=\(string("from") ?? "") is after to=\(string("to") ?? "").")
        }
        return (from, to)
    }
}

/// Where a page of `/events` resumes: after the event with this start and id (the list's sort key), so pages
/// stay consistent while events are added or removed. Opaque to clients (hex of `v1:<seconds>:<id>`).
struct EventCursor: Equatable {
    let startsAt: Instant
    let id: String

    init(after event: Event) {
        self.startsAt = event.startsAt
        self.id = event.id
    }

    var token: String {
        let hex = Array("0123456789abcdef".utf8)
        return String(decoding: Array("v1:\(startsAt.secondsSince1970):\(id)".utf8)
            .flatMap { [hex[Int($0 >> 4)], hex[Int($0 & 0xF)]] }, as: UTF8.self)
    }

    init(token: String) throws(QueryError) {
        let invalid = QueryError.invalid(parameter: "cursor", value: token,
                                         expected: "the cursor from a previous page's next link")
        let digits = Array(token.utf8)
        guard digits.count % 2 == 0, digits.count <= 512 else { throw invalid }
        var bytes: [UInt8] = []
        for index in stride(from: 0, to: digits.count, by: 2) {
            guard let high = Self.nibble(digits[index]), let low = Self.nibble(digits[index + 1]) else { throw invalid }
            bytes.append(high << 4 | low)
        }
        let parts = String(decoding: bytes, as: UTF8.self).split(separator: ":", maxSplits: 2)
        guard parts.count == 3, parts[0] == "v1", let seconds = Int64(parts[1]), !parts[2].isEmpty else { throw invalid }
        self.startsAt = Instant(secondsSince1970: seconds)
        self.id = String(parts[2])
    }

    func precedes(_ event: Event) -> Bool {
        (startsAt, id) < (event.startsAt, event.id)
    }

    private static func nibble(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        default: nil
        }
    }
}
