// The shared part of SharedMemoryLog: what every instance on the log sees.
import Synchronization

/// What survives a "restart": the records and the latest snapshot, as bytes (the codecs are exercised).
final class SharedMemoryLogStorage: Sendable {
    struct Contents {
        var records: [(sequence: UInt64, command: [UInt8])] = []
        var snapshot: (json: [UInt8], sequence: UInt64)?
        var head: UInt64 = 0
        var followers: [ObjectIdentifier: @Sendable () -> Void] = [:]
        /// The next append fails before anything is added (a transaction that did not commit).
        var failNextAppend = false
    }

    let contents = Mutex(Contents())
}
