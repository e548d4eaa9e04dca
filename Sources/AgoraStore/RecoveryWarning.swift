// A problem recovery tolerated, both as the sentence `DurableStore.recoveryWarnings` has always returned and
// as fields for a structured log line (where: file and byte offset, or whatever locates it in the log).
public import Logging

public struct RecoveryWarning: Sendable, CustomStringConvertible {
    /// One sentence naming the place: "…/journal.jsonl: dropped torn last record at byte offset 912 (…)".
    public let description: String
    /// The same facts as fields, e.g. `path`, `offset`, `reason`.
    public let metadata: Logger.Metadata

    public init(_ description: String, metadata: Logger.Metadata = [:]) {
        self.description = description
        self.metadata = metadata
    }
}
