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

/// The header fields whose meaning the parser itself needs (RFC 9112 §3.2, §6, §9.3; RFC 9110 §10.1.1).
enum FieldKind: Sendable {
    case host, contentLength, transferEncoding, connection, expect, other

    /// Classifies a field name, ASCII case-insensitively, by length first so most names cost one compare.
    init(name: UnsafeRawBufferPointer) {
        switch name.count {
        case 4 where HTTPGrammar.equalsIgnoringCase(name, "host"): self = .host
        case 6 where HTTPGrammar.equalsIgnoringCase(name, "expect"): self = .expect
        case 10 where HTTPGrammar.equalsIgnoringCase(name, "connection"): self = .connection
        case 14 where HTTPGrammar.equalsIgnoringCase(name, "content-length"): self = .contentLength
        case 17 where HTTPGrammar.equalsIgnoringCase(name, "transfer-encoding"): self = .transferEncoding
        default: self = .other
        }
    }
}
