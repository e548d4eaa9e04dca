/// The number grammar of RFC 8259 §6, shared by the strict parser (which keeps a number's text) and the fast
/// reader (which takes only whole numbers and leaves everything else to Codable).
public enum JSONNumber {
    /// What is wrong with a number, and the index of the byte where it goes wrong.
    public struct SyntaxError: Error, Equatable, Sendable {
        public enum Reason: Equatable, Sendable {
            case expectedDigit, expectedFractionDigit, expectedExponentDigit
        }

        public var reason: Reason
        public var position: Int

        public init(reason: Reason, position: Int) {
            self.reason = reason
            self.position = position
        }
    }

    /// Scans the number starting at `start` (a `-` or a digit): the index after it, and whether it is a whole
    /// number (no fraction, no exponent). A leading zero ends the integer part (`01` is `0` then `1`).
    public static func scan(_ bytes: [UInt8], from start: Int, end: Int) throws(SyntaxError) -> (next: Int, isInteger: Bool) {
        var index = start
        func isDigit(at position: Int) -> Bool {
            position < end && bytes[position] >= UInt8(ascii: "0") && bytes[position] <= UInt8(ascii: "9")
        }
        if index < end, bytes[index] == UInt8(ascii: "-") { index += 1 }
        guard isDigit(at: index) else { throw SyntaxError(reason: .expectedDigit, position: index) }
        let first = bytes[index]
        index += 1
        if first != UInt8(ascii: "0") { while isDigit(at: index) { index += 1 } }
        var isInteger = true
        if index < end, bytes[index] == UInt8(ascii: ".") {
            index += 1
            guard isDigit(at: index) else { throw SyntaxError(reason: .expectedFractionDigit, position: index) }
            while isDigit(at: index) { index += 1 }
            isInteger = false
        }
        if index < end, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            index += 1
            if index < end, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") { index += 1 }
            guard isDigit(at: index) else { throw SyntaxError(reason: .expectedExponentDigit, position: index) }
            while isDigit(at: index) { index += 1 }
            isInteger = false
        }
        return (index, isInteger)
    }

    /// The value of the whole number in `bytes[range]` (as `scan` found it); nil when it does not fit in an `Int`.
    public static func integer(_ bytes: [UInt8], _ range: Range<Int>) -> Int? {
        var index = range.lowerBound
        let negative = index < range.upperBound && bytes[index] == UInt8(ascii: "-")
        if negative { index += 1 }
        var value = 0
        while index < range.upperBound {
            // Accumulated as a negative number, so Int.min (whose magnitude does not fit) reads too.
            let (times, overflowA) = value.multipliedReportingOverflow(by: 10)
            let (sum, overflowB) = times.subtractingReportingOverflow(Int(bytes[index] - UInt8(ascii: "0")))
            if overflowA || overflowB { return nil }
            value = sum
            index += 1
        }
        if negative { return value }
        return value == Int.min ? nil : -value
    }
}
