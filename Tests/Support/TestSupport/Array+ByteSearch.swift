/// Searching bytes the way tests look at what a server or a store wrote.
extension Array where Element == UInt8 {
    /// True when the UTF-8 bytes of `needle` occur somewhere (a secret in a data file, a word in a body).
    public func contains(_ needle: String) -> Bool {
        firstOffset(of: Array(needle.utf8)) != nil
    }

    /// The first offset where `needle` starts, if it occurs.
    public func firstOffset(of needle: [UInt8]) -> Int? {
        guard !needle.isEmpty, needle.count <= count else { return nil }
        for start in 0...(count - needle.count) where self[start] == needle[0] {
            if self[start..<(start + needle.count)].elementsEqual(needle) { return start }
        }
        return nil
    }

    /// Start offsets of each newline-terminated line.
    public var lineStarts: [Int] {
        var starts = [0]
        for (index, byte) in enumerated() where byte == UInt8(ascii: "\n") && index + 1 < count { starts.append(index + 1) }
        return isEmpty ? [] : starts
    }
}
