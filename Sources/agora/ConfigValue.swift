/// One value of the config file, kept as the text a flag would carry.
enum ConfigValue: Decodable {
    case text(String)

    var text: String {
        switch self { case .text(let value): value }
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let value = try? container.decode(Bool.self) { self = .text(value ? "true" : "false"); return }
        if let value = try? container.decode(Int.self) { self = .text(String(value)); return }
        if let value = try? container.decode(Double.self) { self = .text(String(value)); return }
        if let value = try? container.decode(String.self) { self = .text(value); return }
        if let value = try? container.decode([String].self) { self = .text(value.joined(separator: ",")); return }
        throw DecodingError.dataCorruptedError(in: container, debugDescription: "expected a string, number, boolean or list of strings")
    }
}
