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

enum Help {
    static let overview = """
    agora — the Agora events API server

    Usage:
      agora serve [options]        serve the API (see agora serve --help)
      agora token [ROLE] [NAME]    print a new random token (role admin, editor or registrations;
                                   default admin) and the "tokens" entry with its SHA-256 for the config
      agora routes [serve options] print the routes serve answers, one "METHOD /pattern" a line
      agora --version              print the version
      agora --help                 this text

    """

    static var serve: String {
        var text = """
        agora serve — serve the Agora API

        Usage: agora serve [--config FILE] [options]

        Each option can also come from the environment or the config file; flags beat environment beat config file
        beat defaults. --config FILE (or AGORA_CONFIG) names a JSON file of settings (see Config/agora.json).

        Options:

        """
        for setting in Settings.all {
            let value: String
            switch setting.kind {
            case .boolean: value = ""
            case .choice(let options): value = " " + options.joined(separator: "|")
            case .seconds: value = " SECONDS"
            case .integer: value = " N"
            case .list: value = " A,B"
            case .string: value = " VALUE"
            }
            if case .boolean = setting.kind {
                text += "  \(setting.flag), --no-\(setting.flag.dropFirst(2))\n"
            } else {
                text += "  \(setting.flag)\(value)\n"
            }
            text += "      \(setting.help) [env \(setting.environmentVariable); default \(setting.defaultValue.isEmpty ? "none" : setting.defaultValue)]\n"
        }
        return text
    }
}
