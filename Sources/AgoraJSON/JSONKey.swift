/// An object member's name: its decoded UTF-8 bytes, inline when at most 32 bytes long (every key the
/// hand-written readers look for), else in `overflow`.
public struct JSONKey {
    /// Where the key's text lies in the input, when it had no escape (`isInputView`).
    public let range: Range<Int>
    public let isInputView: Bool
    @usableFromInline var inline: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
    @usableFromInline let count: Int
    @usableFromInline var overflow: [UInt8]?

    @inlinable
    public init(input: [UInt8], range: Range<Int>) {
        self.range = range
        self.isInputView = true
        self.count = range.count
        if range.count <= 32 {
            input.withUnsafeBufferPointer { source in
                withUnsafeMutableBytes(of: &inline) { buffer in
                    for index in 0..<range.count { buffer[index] = source[range.lowerBound + index] }
                }
            }
        } else {
            overflow = Array(input[range])
        }
    }

    @inlinable
    public init(decoded: [UInt8]) {
        self.range = 0..<decoded.count
        self.isInputView = false
        self.count = decoded.count
        overflow = decoded
    }

    /// Whether the key's bytes are `expected`.
    @inlinable
    public func equals(_ expected: UnsafeBufferPointer<UInt8>) -> Bool {
        guard expected.count == count else { return false }
        if let overflow { return overflow.elementsEqual(expected) }
        return withUnsafeBytes(of: inline) { buffer in
            for index in 0..<count where buffer[index] != expected[index] { return false }
            return true
        }
    }
}

/// Lets `switch key { case "name": … }` match a key's bytes against a literal without allocating.
@inlinable
public func ~= (pattern: StaticString, value: JSONKey) -> Bool {
    value.equals(UnsafeBufferPointer(start: pattern.utf8Start, count: pattern.utf8CodeUnitCount))
}
