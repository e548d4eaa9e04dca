/// iCalendar text being written: content lines (RFC 5545 §3.1) ended by CRLF and folded so that no line is longer
/// than 75 octets — counted in bytes of UTF-8, not in characters — with a fold never inside a UTF-8 sequence (a
/// parser that unfolds byte-wise would otherwise rejoin the halves correctly, but one that decodes each line first
/// would see two invalid halves).
public struct ContentLines: Sendable {
    /// RFC 5545 §3.1: "Lines of text SHOULD NOT be longer than 75 octets, excluding the line break."
    public static let maximumLineOctets = 75

    public private(set) var bytes: [UInt8] = []

    public init() {}

    /// `NAME;PARAM=value:VALUE`. `value` is written as given: escape TEXT values with `CalendarText.escaped`.
    public mutating func property(_ name: String, _ value: String) { property(name, [], value) }

    public mutating func property(_ name: String, _ parameters: [(String, String)], _ value: String) {
        var line = Array(name.utf8)
        for (parameter, parameterValue) in parameters {
            line.append(UInt8(ascii: ";"))
            line += parameter.utf8
            line.append(UInt8(ascii: "="))
            line += CalendarText.parameterValue(parameterValue).utf8
        }
        line.append(UInt8(ascii: ":"))
        line += value.utf8
        append(line: line)
    }

    /// `BEGIN:VEVENT` and friends.
    public mutating func begin(_ component: String) { property("BEGIN", component) }
    public mutating func end(_ component: String) { property("END", component) }

    /// One unfolded content line, folded into physical lines of at most 75 octets: the first holds up to 75 octets,
    /// each following one a space and up to 74 more (§3.1: the space is part of the line and removed by unfolding).
    mutating func append(line: [UInt8]) {
        var start = 0
        var budget = Self.maximumLineOctets
        while line.count - start > budget {
            var cut = start + budget
            // Step back to the first byte of the UTF-8 sequence `cut` would split (continuation bytes are 10xxxxxx).
            while cut > start, line[cut] & 0xC0 == 0x80 { cut -= 1 }
            bytes += line[start..<cut]
            bytes += [0x0D, 0x0A, 0x20]
            start = cut
            budget = Self.maximumLineOctets - 1
        }
        bytes += line[start...]
        bytes += [0x0D, 0x0A]
    }
}
