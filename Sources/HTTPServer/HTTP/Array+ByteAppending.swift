/// Appending text to a byte buffer as one copy. `append(contentsOf: text.utf8)` goes through the generic sequence path
/// of `String.UTF8View` (issue 16's profile: ~1 800 instructions per request over the head encoder and the access
/// log), and so does an `UnsafeRawBufferPointer` (byte by byte); a native string's contiguous UTF-8 and a literal's
/// static bytes, as typed `UnsafeBufferPointer<UInt8>`s, are one `memcpy` instead.
extension Array where Element == UInt8 {
    @inline(__always)
    mutating func appendUTF8(_ text: String) {
        var text = text
        text.withUTF8 { append(contentsOf: $0) }
    }

    @inline(__always)
    mutating func appendLiteral(_ literal: StaticString) {
        append(contentsOf: UnsafeBufferPointer(start: literal.utf8Start, count: literal.utf8CodeUnitCount))
    }
}
