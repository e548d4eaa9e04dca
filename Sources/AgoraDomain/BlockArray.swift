// Storage in fixed-size blocks, so that two copies of a large table share every block neither has changed.
// The store keeps two copies of the state (the published one and the spare its writer changes in place):
// with one flat array each, a million registrations would be held twice and every first change after a
// publish would copy hundreds of megabytes. In blocks, a copy copies the list of blocks, and a change
// copies the one block it touches (Swift's copy-on-write, applied per block).

/// An array of `Element` in blocks of 2^14.
struct BlockArray<Element: Sendable>: Sendable, RandomAccessCollection, MutableCollection {
    private static var shift: Int { 14 }
    private static var mask: Int { (1 << shift) - 1 }

    private var blocks: [[Element]] = []
    private(set) var count = 0

    init() {}

    init(_ elements: some Sequence<Element>) {
        for element in elements { append(element) }
    }

    var startIndex: Int { 0 }
    var endIndex: Int { count }

    subscript(index: Int) -> Element {
        get { blocks[index >> Self.shift][index & Self.mask] }
        set { blocks[index >> Self.shift][index & Self.mask] = newValue }
    }

    mutating func append(_ element: Element) {
        if count & Self.mask == 0 {
            var block: [Element] = []
            block.reserveCapacity(1 << Self.shift)
            blocks.append(block)
        }
        blocks[blocks.count - 1].append(element)
        count += 1
    }
}
