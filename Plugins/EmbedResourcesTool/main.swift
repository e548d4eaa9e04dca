// `agora-embed`, run by the EmbedResources build-tool plugin: writes EmbeddedResources.swift holding the given files
// as base64 string literals (one literal each; a [UInt8] array literal of 150 KB would take the type checker minutes)
// and the commit. Usage: agora-embed --output FILE --commit SHA --openapi-yaml FILE --openapi-json FILE --seed FILE…
import Foundation

var output = ""
var commit = "unknown"
var yaml = ""
var json = ""
var seeds: [String] = []
var arguments = CommandLine.arguments.dropFirst().makeIterator()
while let flag = arguments.next() {
    guard let value = arguments.next() else { fatalError("agora-embed: \(flag) needs a value") }
    switch flag {
    case "--output": output = value
    case "--commit": commit = value
    case "--openapi-yaml": yaml = value
    case "--openapi-json": json = value
    case "--seed": seeds.append(value)
    default: fatalError("agora-embed: unknown flag \(flag)")
    }
}

func base64(_ path: String) -> String {
    guard let data = FileManager.default.contents(atPath: path) else { fatalError("agora-embed: cannot read \(path)") }
    return data.base64EncodedString()
}

func literal(_ text: String) -> String {
    "\"" + text.unicodeScalars.map { scalar in
        switch scalar {
        case "\"": return "\\\""
        case "\\": return "\\\\"
        case "\n", "\r", "\t": return "\\u{\(String(scalar.value, radix: 16))}"
        default: return String(scalar)
        }
    }.joined() + "\""
}

var swift = """
// Generated at build time by the EmbedResources plugin (Plugins/) from Config/seed and Docs/openapi.*: do not edit.
/// The files compiled into the binary, as base64 (decoded once at start), and the commit it was built from.
enum EmbeddedResources {
    static let gitCommit = \(literal(commit))
    static let openAPIYAMLBase64 = "\(base64(yaml))"
    static let openAPIJSONBase64 = "\(base64(json))"
    /// (file name, base64 of its bytes), in name order.
    static let seedDocumentsBase64: [(name: String, base64: String)] = [

"""
for seed in seeds {
    swift += "        (\(literal(URL(fileURLWithPath: seed).lastPathComponent)), \"\(base64(seed))\"),\n"
}
swift += "    ]\n}\n"
do { try swift.write(toFile: output, atomically: true, encoding: .utf8) } catch {
    fatalError("agora-embed: cannot write \(output): \(error)")
}
