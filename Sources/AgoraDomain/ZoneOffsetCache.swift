import FoundationEssentials
import Synchronization

/// The UTC offsets of known zones by UTC day, filled as they are asked for (issue 16: ICU's `TimeZone` by
/// identifier and its `secondsFromGMT` were about 3 800 instructions per instant rendered).
///
/// A day holds its offset at 00:00 UTC and, when the offset at the next day's start differs, the first second of
/// the new one (found by bisection, as `TimeZoneRules.transitions` does). Zones change their offset at most a few
/// times a year and never twice in one day — the same assumption `transitions(of:in:)` makes — so two ICU
/// questions answer a whole day. Only zones ICU knows are kept (a request can name any zone, and unknown names
/// must not grow the cache), and a zone's days are forgotten once it holds `daysPerZone` of them (registration
/// times rendered over years of history stay bounded).
final class ZoneOffsetCache: Sendable {
    static let shared = ZoneOffsetCache()

    static let daysPerZone = 4_096

    struct Day {
        var offsetAtStart: Int
        /// The first second of `offsetAfter`; `Int64.max` when the offset holds all day.
        var changeAt: Int64
        var offsetAfter: Int

        func offset(at seconds: Int64) -> Int { seconds >= changeAt ? offsetAfter : offsetAtStart }
    }

    private let zones = Mutex<[String: [Int64: Day]]>([:])

    func isKnown(_ identifier: String) -> Bool {
        if zones.withLock({ $0[identifier] != nil }) { return true }
        guard TimeZoneRules.zone(identifier) != nil else { return false }
        zones.withLock { if $0[identifier] == nil { $0[identifier] = [:] } }
        return true
    }

    func utcOffset(of identifier: String, at instant: Instant) -> Int? {
        let seconds = instant.secondsSince1970
        let dayStart = seconds >= 0 ? seconds / 86_400 * 86_400 : -((-seconds + 86_399) / 86_400) * 86_400
        let cached: Day?? = zones.withLock { zones in zones[identifier].map { $0[dayStart] } }
        if case .some(.some(let day)) = cached { return day.offset(at: seconds) }
        // Unknown to the cache: ask ICU outside the lock (a miss is rare, and other threads keep reading).
        guard let zone = TimeZoneRules.zone(identifier) else { return nil }
        let day = Self.day(of: zone, from: dayStart)
        zones.withLock { zones in
            if zones[identifier, default: [:]].count >= Self.daysPerZone { zones[identifier] = [:] }
            zones[identifier, default: [:]][dayStart] = day
        }
        return day.offset(at: seconds)
    }

    private static func day(of zone: TimeZone, from dayStart: Int64) -> Day {
        func offset(_ seconds: Int64) -> Int { zone.secondsFromGMT(for: Instant(secondsSince1970: seconds).date) }
        let start = offset(dayStart)
        let next = offset(dayStart + 86_400)
        guard next != start else { return Day(offsetAtStart: start, changeAt: .max, offsetAfter: start) }
        // offset(low) == start, offset(high) != start: narrow to the first second of the new offset.
        var (low, high) = (dayStart, dayStart + 86_400)
        while high - low > 1 {
            let middle = low + (high - low) / 2
            if offset(middle) == start { low = middle } else { high = middle }
        }
        return Day(offsetAtStart: start, changeAt: high, offsetAfter: offset(high))
    }
}
