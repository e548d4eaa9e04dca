public import FoundationEssentials

/// One seed file (`Config/seed/*.json`): the events of a source page and the partners they name,
/// in the same JSON shapes the store uses for `Event` and `Partner`.
public struct SeedDocument: Codable, Hashable, Sendable {
    /// Bumped when the shape changes incompatibly.
    public var formatVersion: Int
    /// Where the facts come from (publisher and page), for people maintaining the seed.
    public var source: String?
    public var partners: [Partner]
    public var events: [Event]

    public init(formatVersion: Int = 1, source: String? = nil, partners: [Partner] = [], events: [Event] = []) {
        self.formatVersion = formatVersion
        self.source = source
        self.partners = partners
        self.events = events
    }

    /// Decodes a seed file's bytes (UTF-8 JSON).
    public init(json: Data) throws {
        self = try JSONDecoder().decode(SeedDocument.self, from: json)
    }
}

/// Turns seed documents into the first state of a new data dir. Pure: the executable reads the files.
public enum Seed {
    /// The commands that build the seeded state: partners first (events link to them), then events.
    /// A partner appearing identically in several documents is created once.
    public static func commands(from documents: [SeedDocument]) -> [Command] {
        var partnerCommands: [Command] = []
        var seenPartners: [String: Partner] = [:]
        for partner in documents.flatMap(\.partners) {
            if seenPartners[partner.id] == partner { continue }
            seenPartners[partner.id] = partner
            partnerCommands.append(.createPartner(partner: partner))
        }
        return partnerCommands + documents.flatMap(\.events).map { Command.createEvent(event: $0) }
    }

    /// Applies `commands(from:)` to an empty state; the first refused command's error is thrown
    /// (an invalid seed, or two documents giving one partner id different contents). `at`: the time of seeding, kept
    /// as when the events and slots were last modified (calendars show it); nil keeps none.
    public static func state(from documents: [SeedDocument], at instant: Instant? = nil) throws(DomainError) -> AgoraState {
        var state = AgoraState()
        for command in commands(from: documents) {
            _ = try state.apply(instant.map { command.stamped(at: $0) } ?? command)
        }
        return state
    }
}
