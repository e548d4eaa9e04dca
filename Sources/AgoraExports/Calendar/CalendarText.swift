/// iCalendar value syntax (RFC 5545 §3.3, §3.2).
public enum CalendarText {
    /// A TEXT value (§3.3.11): backslash, semicolon and comma are escaped with a backslash, a line break becomes
    /// `\n`; a carriage return before a line feed is dropped, other control characters (not allowed in TEXT) too.
    public static func escaped(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\": result += "\\\\"
            case ";": result += "\\;"
            case ",": result += "\\,"
            case "\n": result += "\\n"
            case "\r": continue
            case "\t": result.unicodeScalars.append(scalar)
            default:
                // §3.3.11: TEXT excludes the controls (U+0000–U+001F but HTAB, and U+007F).
                if scalar.value < 0x20 || scalar.value == 0x7F { continue }
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    /// A parameter value (§3.2): quoted when it holds `:`, `;` or `,`; a double quote (which no parameter value may
    /// contain) becomes a single one, and controls are dropped.
    public static func parameterValue(_ value: String) -> String {
        var clean = ""
        var needsQuotes = false
        for scalar in value.unicodeScalars {
            if scalar.value < 0x20 || scalar.value == 0x7F { continue }
            if scalar == "\"" { clean += "'"; continue }
            if scalar == ":" || scalar == ";" || scalar == "," { needsQuotes = true }
            clean.unicodeScalars.append(scalar)
        }
        return needsQuotes ? "\"\(clean)\"" : clean
    }
}
