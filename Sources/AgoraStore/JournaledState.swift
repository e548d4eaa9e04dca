// The contract between the store and whatever it makes durable. The store knows nothing of events:
// it journals opaque commands and replays them, so applying must be pure and deterministic
// (ids and timestamps travel inside the commands, never read from a clock while applying).
import FoundationEssentials

/// A state value the `DurableStore` can journal, snapshot and rebuild by replay.
public protocol JournaledState: Codable, Sendable, Equatable {
    associatedtype Command: Codable & Sendable
    associatedtype Outcome: Sendable
    associatedtype Failure: Error

    /// Applies `command`, returning the next state and what the caller should learn,
    /// or a typed failure. Must not read clocks, random sources or files: replay depends on it.
    func applying(_ command: Command) throws(Failure) -> (state: Self, outcome: Outcome)

    /// The same in place, leaving `self` unchanged when it throws. The store calls this one, on a
    /// value it owns uniquely, so a state of a million records is not copied for every command (a
    /// non-mutating `applying` must copy its collections before changing them). Defaults to `applying`.
    mutating func apply(_ command: Command) throws(Failure) -> Outcome

    /// The same for a command read back from the log (recovery, following another instance's appends): a state may
    /// read older commands more leniently than it accepts new ones (AgoraState declares the tracks an old slot
    /// names). Defaults to `apply`.
    mutating func replay(_ command: Command) throws(Failure) -> Outcome

    /// Commands after which personal data must vanish from disk at once: the store snapshots
    /// and truncates the journal before acknowledging them.
    static func purgesHistory(_ command: Command) -> Bool

    /// The journal's `command` field. Defaults to `JSONEncoder`; a state with millions of commands
    /// may write its common ones by hand (any JSON that `decodeCommand` or Codable reads back).
    static func encodeCommand(_ command: Command) throws -> [UInt8]

    /// A fast reader for `bytes[range]` (a `command` field), or nil to let Codable decode it (which
    /// reads everything and reports errors). Defaults to nil.
    static func decodeCommand(_ bytes: [UInt8], range: Range<Int>) -> Command?

    /// The snapshot's state JSON. Defaults to `JSONEncoder` with sorted keys.
    func snapshotJSON() throws -> [UInt8]

    /// The same text in consecutive pieces, which the store checksums and writes one after another, so
    /// a large state need not be encoded into one buffer (that grows by copying). Defaults to
    /// `[snapshotJSON()]`.
    func snapshotJSONPieces() throws -> [[UInt8]]

    /// Reads what `snapshotJSON()` wrote, or what `JSONEncoder` wrote (older snapshots).
    init(snapshotJSON bytes: [UInt8], range: Range<Int>) throws
}

extension JournaledState {
    public static func encodeCommand(_ command: Command) throws -> [UInt8] {
        Array(try JSONEncoder().encode(command))
    }

    public static func decodeCommand(_ bytes: [UInt8], range: Range<Int>) -> Command? { nil }

    public func snapshotJSON() throws -> [UInt8] {
        // Sorted keys: the same state always gives the same text, so snapshots can be compared and diffed.
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return Array(try encoder.encode(self))
    }

    public func snapshotJSONPieces() throws -> [[UInt8]] { [try snapshotJSON()] }

    public init(snapshotJSON bytes: [UInt8], range: Range<Int>) throws {
        self = try JSONDecoder().decode(Self.self, from: Data(bytes[range]))
    }

    public mutating func apply(_ command: Command) throws(Failure) -> Outcome {
        let (next, outcome) = try applying(command)
        self = next
        return outcome
    }

    public mutating func replay(_ command: Command) throws(Failure) -> Outcome { try apply(command) }
}
