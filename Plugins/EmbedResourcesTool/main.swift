// `agora-embed`, run by the EmbedResources build-tool plugin: writes EmbeddedResources.swift holding the given files
// as base64 string literals (one literal each; a [UInt8] array literal of 150 KB would take the type checker minutes)
// and the commit HEAD points at in --git-dir (read here, when the command runs; --commit names it instead, for a build
// without a repository). Usage: agora-embed --output FILE [--git-dir DIR] [--commit SHA] --openapi-yaml FILE
// --openapi-json FILE --seed FILE… [--page FILE…]
import Foundation

var output = ""
var commit = ""
var gitDirectory = ""
var yaml = ""
var json = ""
var seeds: [String] = []
var pages: [String] = []
var arguments = CommandLine.arguments.dropFirst().makeIterator()
while let flag = arguments.next() {
    guard let value = arguments.next() else { fatalError("agora-embed: \(flag) needs a value") }
    switch flag {
    case "--output": output = value
    case "--commit": commit = value
    case "--git-dir": gitDirectory = value
    case "--openapi-yaml": yaml = value
    case "--openapi-json": json = value
    case "--seed": seeds.append(value)
    case "--page": pages.append(value)
    default: fatalError("agora-embed: unknown flag \(flag)")
    }
}

func read(_ path: String) -> String? {
    guard let data = FileManager.default.contents(atPath: path) else { return nil }
    return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
}

/// HEAD, followed through a branch's ref file (in the worktree's or the common directory) or packed-refs.
func headCommit(in directory: String) -> String? {
    guard let head = read(directory + "/HEAD") else { return nil }
    guard head.hasPrefix("ref: ") else { return head }
    let reference = String(head.dropFirst("ref: ".count))
    var common = directory
    if let relative = read(directory + "/commondir") {
        common = relative.hasPrefix("/") ? relative : directory + "/" + relative
    }
    for base in [directory, common] {
        if let value = read(base + "/" + reference) { return value }
    }
    for line in (read(common + "/packed-refs") ?? "").split(separator: "\n") where line.hasSuffix(" " + reference) {
        return String(line.prefix { $0 != " " })
    }
    return nil
}

if commit.isEmpty {
    commit = (gitDirectory.isEmpty ? nil : headCommit(in: gitDirectory)) ?? "unknown"
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
swift += "    ]\n    /// The programme page's files (Config/page/): (file name, base64 of its bytes), in name order.\n"
swift += "    static let pageFilesBase64: [(name: String, base64: String)] = [\n"
for page in pages {
    swift += "        (\(literal(URL(fileURLWithPath: page).lastPathComponent)), \"\(base64(page))\"),\n"
}
swift += "    ]\n}\n"
do { try swift.write(toFile: output, atomically: true, encoding: .utf8) } catch {
    fatalError("agora-embed: cannot write \(output): \(error)")
}
