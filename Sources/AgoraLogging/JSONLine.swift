import AgoraJSON
public import Logging

/// The pieces of one JSON log line, shared by the engine's access log (which appends its fixed fields with byte
/// appends) and `JSONLineLogHandler`, so every line starts `{"time":"…Z","level":"…","msg":…` the same way.
public enum JSONLine {
    /// `{"time":"2026-11-23T17:00:00.123Z","level":"info","msg":"…"` (no closing brace).
    public static func appendOpening(time: TimestampCache, level: Logger.Level, message: String,
                                     to line: inout [UInt8]) {
        line.append(contentsOf: "{\"time\":\"".utf8)
        time.appendTimestamp(to: &line)
        line.append(contentsOf: "\",\"level\":\"".utf8)
        line.append(contentsOf: level.rawValue.utf8)
        line.append(contentsOf: "\",\"msg\":".utf8)
        JSONText.appendQuoted(message, to: &line)
    }

    /// `,"name":` before a field's value.
    public static func appendName(_ name: String, to line: inout [UInt8]) {
        line.append(UInt8(ascii: ","))
        JSONText.appendQuoted(name, to: &line)
        line.append(UInt8(ascii: ":"))
    }

    /// A metadata value: strings (and string-convertible values) as JSON strings, arrays and dictionaries as JSON
    /// arrays and objects (keys in name order).
    static func appendValue(_ value: Logger.Metadata.Value, to line: inout [UInt8]) {
        switch value {
        case .string(let text):
            JSONText.appendQuoted(text, to: &line)
        case .stringConvertible(let convertible):
            JSONText.appendQuoted(convertible.description, to: &line)
        case .array(let items):
            line.append(UInt8(ascii: "["))
            for (index, item) in items.enumerated() {
                if index > 0 { line.append(UInt8(ascii: ",")) }
                appendValue(item, to: &line)
            }
            line.append(UInt8(ascii: "]"))
        case .dictionary(let entries):
            line.append(UInt8(ascii: "{"))
            for (index, entry) in entries.sorted(by: { $0.key < $1.key }).enumerated() {
                if index > 0 { line.append(UInt8(ascii: ",")) }
                JSONText.appendQuoted(entry.key, to: &line)
                line.append(UInt8(ascii: ":"))
                appendValue(entry.value, to: &line)
            }
            line.append(UInt8(ascii: "}"))
        }
    }

    public static func appendClosing(to line: inout [UInt8]) {
        line.append(contentsOf: "}\n".utf8)
    }
}
