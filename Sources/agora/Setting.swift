/// One setting of `agora serve` (a row of `Settings.all`): its config-file key, flag, environment variable, default
/// and meaning.
struct Setting: Sendable {
    enum Kind: Sendable {
        case string, integer(ClosedRange<Int>), seconds(ClosedRange<Double>), boolean, list, choice([String])
        /// An absolute `http://` or `https://` URL, or empty for "derive it".
        case httpURL
    }

    let key: String          // config file key (Config/agora.json)
    let kind: Kind
    let defaultValue: String
    let help: String

    /// `--max-connections` for `maxConnections`.
    var flag: String {
        "--" + key.reduce(into: "") { out, c in
            if c.isUppercase { out += "-" + c.lowercased() } else { out.append(c) }
        }
    }

    /// `AGORA_MAX_CONNECTIONS` for `maxConnections`.
    var environmentVariable: String {
        "AGORA_" + key.reduce(into: "") { out, c in
            if c.isUppercase { out += "_" + String(c) } else { out += c.uppercased() }
        }
    }
}
