/// How a command log removes the personal data of a purging command (an erasure) from its history, so that
/// acknowledging the erasure is true of every byte the log keeps (GDPR Art. 17).
public enum HistoryPurge: Sendable, Equatable {
    /// The store takes a snapshot at once and the log drops every record before it (`installSnapshot`); the
    /// erasure is acknowledged only after that. The journal files work this way: an empty journal replaces
    /// the one holding the data.
    case bySnapshot
    /// The log rewrites earlier records and snapshots itself, inside the append that carries the command;
    /// the store does nothing more. For a shared log whose history must be kept (change cursors).
    case inAppend
}
