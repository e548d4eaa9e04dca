/// How a command log removes the personal data of a purging command (an erasure) from its history, so that
/// acknowledging the erasure is true of every byte the log keeps (GDPR Art. 17).
public enum HistoryPurge: Sendable, Equatable {
    /// The store takes a snapshot at once and the log drops every record before it (`installSnapshot`); the
    /// erasure is acknowledged only after that. The journal files work this way: an empty journal replaces
    /// the one holding the data.
    case bySnapshot
    /// The log purges inside the transaction that appends the command (`CommandLog.appendPurging`): the store
    /// hands it the state after the batch, and the log replaces every earlier record and snapshot by a snapshot
    /// of that state, keeping the batch's own records for followers. The store starts a batch at each purging
    /// command, so those records hold nothing judged before it, and takes no snapshot of its own. For a shared log
    /// (PostgreSQL), where a crash between two transactions would leave the data behind an acknowledged erasure.
    case inAppend
}
