/// The absolute URLs exports link to, from the server's public base URL (`publicURL`): schedule apps and search
/// engines need absolute ones (the c3voc formats require `url` to be an `http(s)` URI).
public struct ExportLinks: Sendable {
    /// Without a trailing slash, e.g. `https://agora.example.lu`.
    public let base: String

    public init(base: String) {
        var base = base
        while base.hasSuffix("/") { base.removeLast() }
        self.base = base
    }

    public func event(_ eventId: String) -> String { "\(base)/events/\(eventId)" }

    /// A slot has no page of its own: its event's programme, at the slot's id.
    public func slot(_ slotId: String, ofEvent eventId: String) -> String { "\(base)/events/\(eventId)/programme#\(slotId)" }

    public func schedule(_ eventId: String, format: String) -> String { "\(base)/events/\(eventId)/schedule.\(format)" }
}
