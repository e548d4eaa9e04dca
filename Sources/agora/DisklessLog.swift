import AgoraStore

/// The command log of a store that must not touch the disk: `agora routes` builds the API (which needs a store) only
/// to list its routes, and listing must not create, lock or seed a data directory in whatever directory it is run
/// from. Empty (the store starts from the state `seed` returns), and it refuses every append: nothing is ever
/// written, so nothing is lost.
final class DisklessLog<State: JournaledState>: CommandLog, Sendable {
    var historyPurge: HistoryPurge { .bySnapshot }
    var unwritableReason: String? { nil }

    func loadSnapshot() throws(StoreError) -> LoggedSnapshot<State>? { nil }

    func records(after sequence: UInt64,
                 _ body: (LoggedCommand<State.Command>) throws -> Void) throws(StoreError) -> CommandLogReplay {
        CommandLogReplay()
    }

    func follow(_ wake: @escaping @Sendable () -> Void) {}

    func append(after sequence: UInt64,
                _ prepare: (_ newer: [LoggedCommand<State.Command>]) -> [[UInt8]]) throws(StoreError) -> Range<UInt64> {
        throw .io(operation: "append (the route listing's store is never written)", path: "-", errno: 0)
    }

    func refuseAppends(because reason: String) {}
    func startSnapshot(at sequence: UInt64) {}
    /// The seed's first snapshot is "written" here: there is nothing to keep.
    func writeSnapshot(_ state: State, sequence: UInt64) throws(StoreError) -> Int { 0 }
    func installSnapshot(at sequence: UInt64) throws(StoreError) {}
    func abandonSnapshot(at sequence: UInt64) {}
    func close() {}
}
