/// What reading a command log's records found besides them.
public struct CommandLogReplay: Sendable {
    /// Damage the log tolerated (a torn last record that was never acknowledged), for the operator.
    public var warnings: [RecoveryWarning]
    /// The log cannot be appended to as it is (a torn tail, records the snapshot already holds, no journal
    /// yet): the store must take a snapshot before its first append, which gives the log fresh files.
    public var needsSnapshot: Bool
    /// Bytes of records read (0 when the log cannot tell): they count towards the size policy's next snapshot.
    public var bytes: Int

    public init(warnings: [RecoveryWarning] = [], needsSnapshot: Bool = false, bytes: Int = 0) {
        self.warnings = warnings
        self.needsSnapshot = needsSnapshot
        self.bytes = bytes
    }
}
