/// RFC 6901 JSON Pointers from the domain's field paths.
public enum JSONPointer {
    /// `programme[3].endsAt` → `/programme/3/endsAt`; `events[a.b].title` → `/events/a.b/title`; "" → "" (the
    /// whole document). `~` and `/` inside a name are escaped as `~0` and `~1` (RFC 6901 §3).
    public static func from(domainPath path: String) -> String {
        var tokens: [String] = []
        var current = ""
        var inBrackets = false
        for character in path {
            switch character {
            case "." where !inBrackets, "[" where !inBrackets:
                if !current.isEmpty { tokens.append(current) }
                current = ""
                inBrackets = character == "["
            case "]" where inBrackets:
                tokens.append(current)
                current = ""
                inBrackets = false
            default:
                current.append(character)
            }
        }
        if !current.isEmpty { tokens.append(current) }
        return tokens.map { "/" + escape($0) }.joined()
    }

    /// RFC 6901 §3: `~` first, then `/`.
    public static func escape(_ token: String) -> String {
        token.replacing("~", with: "~0").replacing("/", with: "~1")
    }
}
