/// An event's programme in the shape of the frab/c3voc schedule format (https://c3voc.de/wiki/schedule) that
/// conference schedule apps read (EventFahrplan, Giggity, ConfClerk): conference → days → rooms → events. Built once
/// from the domain (`Schedule+Building.swift`) and written as JSON (`ScheduleJSON`) or XML (`ScheduleXML`), so the two
/// formats can never disagree. Every string here is already in the one language chosen (`ExportLanguage`).
public struct Schedule: Sendable {
    /// Changes whenever anything the schedule shows changes (`ScheduleVersion`); apps compare it to notice updates.
    public var version: String
    /// The event id with `_` for `-`: the c3voc acronym pattern allows `-` only before a year and a word.
    public var acronym: String
    public var title: String
    public var description: String?
    /// First and last local day, `YYYY-MM-DD`.
    public var startDate: String
    public var endDate: String
    public var daysCount: Int
    /// IANA zone of the event's wall clock.
    public var timeZone: String
    /// Absolute URL of the event's page in the API, and of the schedule's own base (`base_url`).
    public var url: String
    public var baseURL: String
    public var tracks: [Track]
    public var rooms: [Room]
    public var days: [Day]

    public struct Track: Sendable {
        public var name: String
        public var slug: String
    }

    /// A room of the schedule: one per parallel track, plus the main room (apps draw one column per room).
    public struct Room: Sendable {
        public var name: String
        public var guid: String
    }

    public struct Day: Sendable {
        /// 1-based, in date order.
        public var index: Int
        public var date: String
        /// RFC 3339 with the zone's offset: the first slot's start (or the event's, if earlier), the last end.
        public var start: String
        public var end: String
        /// Rooms in the schedule's room order, each with its slots of the day in programme order.
        public var rooms: [(room: String, talks: [Talk])]
    }

    /// One programme slot as a frab "event" (the word "event" is ours for the whole conference).
    public struct Talk: Sendable {
        public var guid: String
        /// frab's deprecated integer id, derived from the guid so it stays stable too.
        public var id: Int
        public var slug: String
        /// RFC 3339 start with offset; `start` is the local `HH:MM`, `duration` `HH:MM`, `end` RFC 3339.
        public var date: String
        public var start: String
        public var duration: String
        public var end: String
        public var room: String
        public var title: String
        public var track: String?
        /// The slot's kind (`talk`, `break`, `meal`, `reception`, `working-group`, …).
        public var type: String
        /// BCP 47: the slot's spoken language, else the event's default language.
        public var language: String
        public var abstract: String?
        /// The abstract followed by who speaks, with role and organisation (the format's persons carry only names).
        public var description: String?
        public var persons: [Person]
        public var url: String
    }

    public struct Person: Sendable {
        public var name: String
        public var guid: String
    }
}
