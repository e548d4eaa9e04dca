/// A change of a zone's UTC offset (daylight saving time beginning or ending).
public struct TimeZoneTransition: Hashable, Sendable {
    /// The first instant of the new offset.
    public var at: Instant
    public var offsetBefore: Int
    public var offsetAfter: Int

    public init(at: Instant, offsetBefore: Int, offsetAfter: Int) {
        self.at = at
        self.offsetBefore = offsetBefore
        self.offsetAfter = offsetAfter
    }
}

extension TimeZoneRules {
    /// The offset changes of `identifier` in `range`, found from the rules alone (`utcOffset(of:at:)`): a day-by-day
    /// walk, then a binary search to the second inside each day whose offset differs from the day before. Zones change
    /// their offset at most a few times a year and never twice in one day, so a daily step misses none. Empty for an
    /// unknown zone or one without changes in `range`.
    public static func transitions(of identifier: String, in range: Range<Instant>) -> [TimeZoneTransition] {
        guard var previous = utcOffset(of: identifier, at: range.lowerBound) else { return [] }
        var transitions: [TimeZoneTransition] = []
        var dayStart = range.lowerBound
        while dayStart < range.upperBound {
            let dayEnd = min(dayStart.adding(seconds: 86_400), range.upperBound)
            guard let offset = utcOffset(of: identifier, at: dayEnd) else { return transitions }
            if offset != previous {
                // utcOffset(low) == previous, utcOffset(high) != previous: narrow to the first second of the new one.
                var (low, high) = (dayStart.secondsSince1970, dayEnd.secondsSince1970)
                while high - low > 1 {
                    let middle = low + (high - low) / 2
                    if utcOffset(of: identifier, at: Instant(secondsSince1970: middle)) == previous { low = middle } else { high = middle }
                }
                transitions.append(TimeZoneTransition(at: Instant(secondsSince1970: high), offsetBefore: previous, offsetAfter: offset))
                previous = offset
            }
            dayStart = dayEnd
        }
        return transitions
    }
}
