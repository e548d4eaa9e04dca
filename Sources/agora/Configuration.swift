import FoundationEssentials

/// The resolved settings: flags beat environment beat config file beat defaults.
struct Configuration {
    private(set) var values: [String: String] = [:]
    private(set) var sources: [String: String] = [:]

    static func resolve(flags: [String: String], environment: [String: String]) throws(ConfigurationError) -> Configuration {
        var configuration = Configuration()
        for setting in Settings.all {
            configuration.values[setting.key] = setting.defaultValue
            configuration.sources[setting.key] = "default"
        }
        let configPath = flags["config"] ?? environment["AGORA_CONFIG"]
        if let configPath {
            for (key, value) in try ConfigFile.load(configPath) {
                guard Settings.named(key) != nil else {
                    throw ConfigurationError(description: "\(configPath): unknown key \"\(key)\"")
                }
                configuration.values[key] = value
                configuration.sources[key] = configPath
            }
        }
        for setting in Settings.all {
            if let value = environment[setting.environmentVariable] {
                configuration.values[setting.key] = value
                configuration.sources[setting.key] = setting.environmentVariable
            }
            if let value = flags[setting.key] {
                configuration.values[setting.key] = value
                configuration.sources[setting.key] = setting.flag
            }
        }
        for setting in Settings.all { _ = try configuration.validated(setting) }
        return configuration
    }

    private func validated(_ setting: Setting) throws(ConfigurationError) -> String {
        let value = values[setting.key] ?? setting.defaultValue
        let origin = sources[setting.key] ?? "default"
        func fail(_ expectation: String) -> ConfigurationError {
            ConfigurationError(description: "invalid value \"\(value)\" for \(setting.key) (from \(origin)): \(expectation)")
        }
        switch setting.kind {
        case .string, .list:
            break
        case .integer(let range):
            guard let number = Int(value), range.contains(number) else {
                throw fail("expected a whole number in \(range.lowerBound)...\(range.upperBound)")
            }
        case .seconds(let range):
            guard let number = Double(value), range.contains(number) else {
                throw fail("expected seconds in \(range.lowerBound)...\(range.upperBound)")
            }
        case .boolean:
            guard ["true", "false", "1", "0", "yes", "no"].contains(value.lowercased()) else { throw fail("expected true or false") }
        case .choice(let options):
            guard options.contains(value) else { throw fail("expected one of \(options.joined(separator: ", "))") }
        case .httpURL:
            let scheme = value.prefix { $0 != ":" }.lowercased()
            let rest = value.drop { $0 != ":" }
            guard value.isEmpty || (["http", "https"].contains(scheme) && rest.hasPrefix("://") && rest.count > 3
                                    && !rest.contains(where: \.isWhitespace)) else {
                throw fail("expected an absolute http:// or https:// URL")
            }
        }
        return value
    }

    func string(_ key: String) -> String { values[key] ?? "" }
    func int(_ key: String) -> Int { Int(string(key)) ?? 0 }
    func seconds(_ key: String) -> Duration { .milliseconds(Int((Double(string(key)) ?? 0) * 1000)) }
    func bool(_ key: String) -> Bool { ["true", "1", "yes"].contains(string(key).lowercased()) }
    func list(_ key: String) -> [String] {
        string(key).split(separator: ",").map { String($0.drop { $0 == " " }.reversed().drop { $0 == " " }.reversed()) }
            .filter { !$0.isEmpty }
    }
}
