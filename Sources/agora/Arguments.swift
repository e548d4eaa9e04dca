/// Parses `--flag value`, `--flag=value`, `--no-flag` (booleans) against the settings table. An unknown flag or a
/// missing value is a usage error (exit 2) naming the flag.
enum Arguments {
    static func parse(_ arguments: ArraySlice<String>) throws(ConfigurationError) -> [String: String] {
        var flags: [String: String] = [:]
        var rest = arguments
        while let argument = rest.popFirst() {
            guard argument.hasPrefix("--") else {
                throw ConfigurationError(description: "unexpected argument \"\(argument)\" (see agora serve --help)")
            }
            var name = String(argument.dropFirst(2))
            var inlineValue: String?
            if let equals = name.firstIndex(of: "=") {
                inlineValue = String(name[name.index(after: equals)...])
                name = String(name[..<equals])
            }
            if name == "config" {
                guard let value = inlineValue ?? rest.popFirst() else {
                    throw ConfigurationError(description: "--config needs a file path")
                }
                flags["config"] = value
                continue
            }
            if name.hasPrefix("no-"), let setting = setting(forFlag: "--" + name.dropFirst(3)), case .boolean = setting.kind,
               inlineValue == nil {
                flags[setting.key] = "false"
                continue
            }
            guard let setting = setting(forFlag: "--" + name) else {
                throw ConfigurationError(description: "unknown option --\(name) (see agora serve --help)")
            }
            if case .boolean = setting.kind, inlineValue == nil {
                if let next = rest.first, ["true", "false"].contains(next) {
                    flags[setting.key] = next
                    rest = rest.dropFirst()
                } else {
                    flags[setting.key] = "true"
                }
                continue
            }
            guard let value = inlineValue ?? rest.popFirst() else {
                throw ConfigurationError(description: "--\(name) needs a value")
            }
            flags[setting.key] = value
        }
        return flags
    }

    private static func setting(forFlag flag: String) -> Setting? {
        Settings.all.first { $0.flag == flag }
    }
}
