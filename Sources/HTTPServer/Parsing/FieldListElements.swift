// Iteration over the elements of a comma-separated field value (RFC 9110 §5.6.1) without allocating.

/// The elements of a list-valued field (`#element`, RFC 9110 §5.6.1) as byte slices trimmed of OWS.
/// Empty elements are yielded too: most lists ignore them, but a Content-Length list must not have any.
struct FieldListElements: Sequence, IteratorProtocol {
    private let bytes: UnsafeRawBufferPointer
    private var position = 0
    private var finished = false

    init(_ bytes: UnsafeRawBufferPointer) {
        self.bytes = bytes
    }

    mutating func next() -> UnsafeRawBufferPointer? {
        guard !finished else { return nil }
        var end = position
        while end < bytes.count, bytes[end] != HTTPGrammar.comma { end += 1 }
        var start = position
        var stop = end
        while start < stop, bytes[start] == HTTPGrammar.sp || bytes[start] == HTTPGrammar.htab { start += 1 }
        while stop > start, bytes[stop - 1] == HTTPGrammar.sp || bytes[stop - 1] == HTTPGrammar.htab { stop -= 1 }
        if end == bytes.count { finished = true }
        position = end + 1
        return UnsafeRawBufferPointer(rebasing: bytes[start..<stop])
    }
}
