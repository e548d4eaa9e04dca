import AgoraStore
import Synchronization
import Testing
import TestSupport
import AgoraStoreTesting

/// A ledger with hand-made copy-on-write storage that counts its copies, to see whether the store
/// copies the whole state for every batch (fatal with a million registrations) or changes it in place.
struct CopyCountingLedger: JournaledState {
    static let copies = Mutex(0)

    // @unchecked Sendable: `entries` is mutated only after isKnownUniquelyReferenced proved that no
    // other value (hence no other thread) can see this instance.
    final class Storage: @unchecked Sendable {
        var entries: [String: Int]
        init(_ entries: [String: Int]) { self.entries = entries }
    }

    private var storage = Storage([:])

    var entries: [String: Int] { storage.entries }

    init() {}

    init(from decoder: any Decoder) throws {
        storage = Storage(try [String: Int](from: decoder))
    }

    func encode(to encoder: any Encoder) throws {
        try storage.entries.encode(to: encoder)
    }

    static func == (lhs: Self, rhs: Self) -> Bool { lhs.storage.entries == rhs.storage.entries }

    func applying(_ command: String) throws(Ledger.Failure) -> (state: Self, outcome: Int) {
        var next = self
        let outcome = try next.apply(command)
        return (next, outcome)
    }

    mutating func apply(_ command: String) throws(Ledger.Failure) -> Int {
        if !isKnownUniquelyReferenced(&storage) {
            storage = Storage(storage.entries)
            Self.copies.withLock { $0 += 1 }
        }
        storage.entries[command, default: 0] += 1
        return storage.entries.count
    }

    static func purgesHistory(_ command: String) -> Bool { false }
}

@Suite(.serialized) struct StateCopyTests {  // serialized: both tests use the one copy counter
    @Test func batchesChangeASpareInPlaceInsteadOfCopyingTheState() async throws {
        let dir = TemporaryDirectory()
        let store = try DurableStore<CopyCountingLedger>.open(directory: dir.data) { CopyCountingLedger() }
        let before = CopyCountingLedger.copies.withLock { $0 }
        for index in 0..<30 { _ = try await store.submit("k\(index)").get() }
        let copies = CopyCountingLedger.copies.withLock { $0 } - before
        // The first batch copies once to create the spare; later ones must not copy at all.
        #expect(copies <= 2, "30 batches made \(copies) copies of the whole state")
        #expect(store.state.entries.count == 30)
        try store.close()
    }

    @Test func aReaderHoldingAStateNeverSeesItChange() async throws {
        let dir = TemporaryDirectory()
        let store = try DurableStore<CopyCountingLedger>.open(directory: dir.data) { CopyCountingLedger() }
        _ = try await store.submit("a").get()
        let held = store.state
        for index in 0..<5 { _ = try await store.submit("k\(index)").get() }
        #expect(held.entries == ["a": 1], "a value a reader holds is immutable")
        #expect(store.state.entries.count == 6)
        let image = try dir.crashImage()
        try store.close()
        let recovered = try DurableStore<CopyCountingLedger>.open(directory: image.data) { CopyCountingLedger() }
        #expect(recovered.state.entries.count == 6)
        try recovered.close()
    }
}
