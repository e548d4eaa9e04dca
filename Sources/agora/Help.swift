/// The text of `agora --help` and `agora serve --help`; the options come from the settings table.
enum Help {
    static let overview = """
    agora — the Agora events API server

    Usage:
      agora serve [options]        serve the API (see agora serve --help)
      agora token [ROLE] [NAME]    print a new random token (role admin, editor or registrations;
                                   default admin) and the "tokens" entry with its SHA-256 for the config
      agora routes [serve options] print the routes serve answers, one "METHOD /pattern" a line
      agora migrate …              PostgreSQL (Docs/scaling.md): create or upgrade the schema (--store URL),
                                   copy a data directory into it (--data-dir DIR --to URL), or export it
                                   into an empty data directory (--from URL --data-dir DIR)
      agora --version              print the version and the git commit it was built from
      agora --help                 this text

    """

    static var serve: String {
        var text = """
        agora serve — serve the Agora API

        Usage: agora serve [--config FILE] [options]

        Each option can also come from the environment or the config file; flags beat environment beat config file
        beat defaults. --config FILE (or AGORA_CONFIG) names a JSON file of settings (see Config/agora.json).
        SIGTERM or SIGINT drains and exits 0; SIGHUP re-reads the tokens from the config file and the TLS certificate.

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
            case .httpURL: value = " URL"
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
