// One journal line:  {"crc":"1a2b3c4d","seq":42,"time":"2026-11-23T17:00:00.123Z","command":{...}}\n
// The CRC-32 covers every byte after the fixed 18-byte prefix `{"crc":"xxxxxxxx",` up to (not including)
// the newline, so a record is checked without re-serialising it, and the line stays valid JSON for jq.
import FoundationEssentials

enum JournalRecord {
    static let prefix = Array(#"{"crc":""#.utf8)
    /// `{"crc":"` + 8 hex digits + `",`
    static let prefixLength = prefix.count + 8 + 2

    /// The `time` field's text; formatted once per batch, since every record of a batch shares it.
    static func timestamp(_ time: Date) -> [UInt8] { Array(time.formatted(timeStyle).utf8) }

    /// The complete line, newline included. `time` comes from `timestamp(_:)`.
    static func encode(sequence: UInt64, time: [UInt8], commandJSON: [UInt8]) -> [UInt8] {
        var payload = [UInt8]()
        payload.reserveCapacity(commandJSON.count + 64)
        payload.append(contentsOf: #""seq":"#.utf8)
        payload.append(contentsOf: String(sequence).utf8)
        payload.append(contentsOf: #","time":""#.utf8)
        payload.append(contentsOf: time)
        payload.append(contentsOf: #"","command":"#.utf8)
        payload.append(contentsOf: commandJSON)
        payload.append(UInt8(ascii: "}"))
        var line = prefix
        line.reserveCapacity(prefixLength + payload.count + 1)
        line.append(contentsOf: CRC32.hex(CRC32.checksum(payload)).utf8)
        line.append(contentsOf: #"","#.utf8)
        line.append(contentsOf: payload)
        line.append(UInt8(ascii: "\n"))
        return line
    }

    /// Why `line` (without its newline) is not an intact record, or nil when it is.
    static func damage(of line: UnsafeRawBufferPointer) -> String? {
        guard line.count > prefixLength else { return "record too short (\(line.count) bytes)" }
        for (index, byte) in prefix.enumerated() where line[index] != byte {
            return "record does not start with {\"crc\":\""
        }
        guard line[prefix.count + 8] == UInt8(ascii: "\""), line[prefix.count + 9] == UInt8(ascii: ",") else {
            return "malformed checksum field"
        }
        var stored: UInt32 = 0
        for index in prefix.count..<(prefix.count + 8) {
            guard let digit = hexValue(line[index]) else { return "malformed checksum field" }
            stored = stored << 4 | digit
        }
        let actual = CRC32.checksum(UnsafeRawBufferPointer(rebasing: line[prefixLength...]))
        guard actual == stored else {
            return "checksum mismatch (stored \(CRC32.hex(stored)), computed \(CRC32.hex(actual)))"
        }
        return nil
    }

    /// The sequence number and the byte range of the command of a line written by `encode` (without
    /// its newline); nil when the line is laid out otherwise.
    static func fields(of bytes: [UInt8], line: Range<Int>) -> (sequence: UInt64, command: Range<Int>)? {
        var position = line.lowerBound + prefixLength
        guard starts(bytes, at: position, with: seqKey, before: line.upperBound) else { return nil }
        position += seqKey.count
        var sequence: UInt64 = 0
        let digitsStart = position
        while position < line.upperBound, bytes[position] >= UInt8(ascii: "0"), bytes[position] <= UInt8(ascii: "9") {
            let (times, overflowA) = sequence.multipliedReportingOverflow(by: 10)
            let (sum, overflowB) = times.addingReportingOverflow(UInt64(bytes[position] - UInt8(ascii: "0")))
            if overflowA || overflowB { return nil }
            sequence = sum
            position += 1
        }
        guard position > digitsStart, starts(bytes, at: position, with: timeKey, before: line.upperBound) else { return nil }
        position += timeKey.count
        // The time is our own ISO 8601 text: no quote or backslash inside.
        while position < line.upperBound, bytes[position] != UInt8(ascii: "\"") { position += 1 }
        position += 1
        guard starts(bytes, at: position, with: commandKey, before: line.upperBound) else { return nil }
        position += commandKey.count
        guard line.upperBound - 1 > position, bytes[line.upperBound - 1] == UInt8(ascii: "}") else { return nil }
        return (sequence, position..<(line.upperBound - 1))
    }

    private static let seqKey = Array(#""seq":"#.utf8)
    private static let timeKey = Array(#","time":""#.utf8)
    private static let commandKey = Array(#","command":"#.utf8)

    private static func starts(_ bytes: [UInt8], at position: Int, with expected: [UInt8], before end: Int) -> Bool {
        guard position + expected.count <= end else { return false }
        for index in 0..<expected.count where bytes[position + index] != expected[index] { return false }
        return true
    }

    private static func hexValue(_ byte: UInt8) -> UInt32? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return UInt32(byte - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return UInt32(byte - UInt8(ascii: "a") + 10)
        default: return nil
        }
    }

    private static let timeStyle = Date.ISO8601FormatStyle(includingFractionalSeconds: true)

    /// What replay needs from a line; `crc` and `time` are ignored once the checksum is verified.
    struct Entry<Command: Decodable>: Decodable {
        let seq: UInt64
        let command: Command
    }
}
