public import AgoraDomain

/// Dates and times as the page shows them: always in the event's own zone (a visitor in another zone sees the
/// times of the hall), written the way each page language writes them.
public struct PageTime: Sendable {
    public let labels: PageLabels
    public let zone: String

    public init(labels: PageLabels, zone: String) {
        self.labels = labels
        self.zone = zone
    }

    /// `09:15`: 24-hour clock in the three languages.
    public func time(_ instant: Instant) -> String {
        let local = instant.localDateTime(inZone: zone)
        return Self.twoDigits(local.hour) + ":" + Self.twoDigits(local.minute)
    }

    /// `Mittwoch, 22. November 2017` · `mercredi 22 novembre 2017` · `Wednesday 22 November 2017`.
    public func day(_ date: LocalDate) -> String {
        // 1970-01-01 was a Thursday (index 3 from Monday).
        let weekday = Int(((date.daysSinceEpoch % 7) + 7 + 3) % 7)
        let days = Self.weekdays[labels.language] ?? [], months = Self.months[labels.language] ?? []
        guard days.indices.contains(weekday), months.indices.contains(date.month - 1) else { return date.description }
        let (name, month) = (days[weekday], months[date.month - 1])
        switch labels.language {
        case "de": return "\(name), \(date.day). \(month) \(date.year)"
        case "fr": return "\(name) \(date.day) \(month) \(date.year)"
        default: return "\(name) \(date.day) \(month) \(date.year)"
        }
    }

    /// The day and time of an instant: `22. November 2017, 09:30`.
    public func dateTime(_ instant: Instant) -> String {
        day(instant.localDateTime(inZone: zone).date) + ", " + time(instant)
    }

    /// The date an instant falls on in the zone.
    public func date(_ instant: Instant) -> LocalDate { instant.localDateTime(inZone: zone).date }

    static func twoDigits(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }

    static let weekdays: [String: [String]] = [
        "de": ["Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag", "Sonntag"],
        "fr": ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"],
        "en": ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"],
    ]
    static let months: [String: [String]] = [
        "de": ["Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober",
               "November", "Dezember"],
        "fr": ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
               "novembre", "décembre"],
        "en": ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
               "November", "December"],
    ]
}
