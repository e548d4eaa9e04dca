import FoundationEssentials

/// Reads a flat JSON object of settings (Config/agora.json). Values may be strings, numbers, booleans or arrays of
/// strings; they are validated like flag values.
enum ConfigFile {
    static func load(_ path: String) throws(ConfigurationError) -> [String: String] {
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
            throw ConfigurationError(description: "cannot read config file \(path): \(error)")
        }
        let object: [String: ConfigValue]
        do { object = try JSONDecoder().decode([String: ConfigValue].self, from: data) } catch {
            throw ConfigurationError(description: "config file \(path) is not a JSON object of settings: \(error)")
        }
        return object.mapValues(\.text).filter { !$0.key.hasPrefix("//") && !$0.key.hasPrefix("$") }
    }
}
