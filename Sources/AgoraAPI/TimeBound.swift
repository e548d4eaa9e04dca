import AgoraDomain

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
