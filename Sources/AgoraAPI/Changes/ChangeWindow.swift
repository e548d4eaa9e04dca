/// The changes the feed retains, in sequence order: the last `capacity` of them since the process started. A
/// `since` is answerable from `floor` on (every change after `floor` is here) up to `head`, the last sequence the
/// feed has derived; sequences between with no public change simply have none.
struct ChangeWindow: Sendable {
    let capacity: Int
    private var changes: [PublicChange] = []
    /// Index of the oldest retained change in `changes` (older ones are dropped lazily, in blocks).
    private var start = 0
    private(set) var floor: UInt64
    private(set) var head: UInt64

    init(capacity: Int, startingAfter sequence: UInt64) {
        self.capacity = max(1, capacity)
        floor = sequence
        head = sequence
    }

    /// What a read of the changes after a sequence finds.
    enum Page: Equatable {
        /// The matching changes after the sequence (at most `limit`), and whether more match after the last.
        case changes([PublicChange], more: Bool)
        /// The sequence is outside what is retained (older than `floor`, or newer than `head`): refetch everything.
        case gone(floor: UInt64, head: UInt64)
    }

    var retainedCount: Int { changes.count - start }

    /// Adds the changes of the batch that ends at `sequence` (in order) and moves `head` there.
    mutating func append(_ batch: [PublicChange], through sequence: UInt64) {
        changes.append(contentsOf: batch)
        head = max(head, sequence)
        while retainedCount > capacity {
            floor = changes[start].sequence
            start += 1
        }
        if start >= capacity {
            changes.removeFirst(start)
            start = 0
        }
    }

    /// The changes after `since` that `keep` keeps, at most `limit`.
    func after(_ since: UInt64, limit: Int, keep: (PublicChange) -> Bool = { _ in true }) -> Page {
        guard since >= floor, since <= head else { return .gone(floor: floor, head: head) }
        var found: [PublicChange] = []
        var index = firstIndex(after: since)
        while index < changes.count {
            let change = changes[index]
            index += 1
            guard keep(change) else { continue }
            if found.count == limit { return .changes(found, more: true) }
            found.append(change)
        }
        return .changes(found, more: false)
    }

    /// Binary search: the index of the first retained change with a sequence above `since`.
    private func firstIndex(after since: UInt64) -> Int {
        var low = start, high = changes.count
        while low < high {
            let middle = (low + high) / 2
            if changes[middle].sequence <= since { low = middle + 1 } else { high = middle }
        }
        return low
    }
}
