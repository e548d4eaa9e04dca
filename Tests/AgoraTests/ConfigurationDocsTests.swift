import Glibc
import Testing

/// The settings table, Config/agora.json, Docs/configuration.md and `--help` describe the same settings.
@Suite("configuration reference")
struct ConfigurationDocsTests {
    static var repositoryRoot: String {
        var path = #filePath
        for _ in 0..<3 { if let slash = path.lastIndex(of: "/") { path = String(path[..<slash]) } }
        return path
    }

    static func flagsFromHelp() throws -> [String] {
        let help = try AgoraProcess(["serve", "--help"])
        _ = help.wait()
        return help.stdout.split(separator: "\n").compactMap { line -> String? in
            let trimmed = line.drop { $0 == " " }
            guard trimmed.hasPrefix("--"), line.hasPrefix("  --") else { return nil }
            return String(trimmed.prefix { $0 != " " && $0 != "," })
        }
    }

    static func key(forFlag flag: String) -> String {
        var key = ""
        var upper = false
        for c in flag.dropFirst(2) {
            if c == "-" { upper = true; continue }
            key += upper ? c.uppercased() : String(c)
            upper = false
        }
        return key
    }

    @Test func everySettingIsInTheDefaultConfigAndTheDocs() throws {
        let keys = try Self.flagsFromHelp().map(Self.key(forFlag:))
        #expect(keys.count >= 20)
        let config = AgoraProcess.read(Self.repositoryRoot + "/Config/agora.json")
        let docs = AgoraProcess.read(Self.repositoryRoot + "/Docs/configuration.md")
        for key in keys {
            #expect(config.contains("\"\(key)\""), "Config/agora.json has \(key)")
            #expect(docs.contains("`\(key)`"), "Docs/configuration.md documents \(key)")
        }
        // And nothing in the default config is unknown to the server: it starts with it (checked by exit status 2
        // otherwise) — validated without serving by an impossible port override.
        let check = try AgoraProcess(["serve", "--config", Self.repositoryRoot + "/Config/agora.json", "--port", "-1"])
        #expect(check.wait() == 2)
        #expect(check.stderr.contains("for port"), "only the port override is refused: \(check.stderr)")
    }
}
