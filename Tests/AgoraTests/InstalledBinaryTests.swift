import Foundation
import Glibc
import Testing
import TestSupport

/// An installed binary starts outside the source tree (issue 13 item 6): the seed and OpenAPI documents are compiled
/// into it, so a copy run from elsewhere with no flags serves the seeds and /openapi.json; `--version` names the
/// commit it was built from.
@Suite("An installed agora binary, with the real binary")
struct InstalledBinaryTests {
    /// A copy of the built binary in a directory of its own, far from the repository.
    private func installedCopy() throws -> (binary: String, workingDirectory: String) {
        let directory = AgoraProcess.temporaryDirectory("installed")
        #expect(mkdir(directory + "/bin", 0o755) == 0 && mkdir(directory + "/run", 0o755) == 0)
        let binary = directory + "/bin/agora"
        try FileManager.default.copyItem(atPath: AgoraProcess.binaryPath(), toPath: binary)
        return (binary, directory + "/run")
    }

    @Test func aCopyRunFromElsewhereServesTheSeedsAndTheOpenAPIDocuments() throws {
        let (binary, workingDirectory) = try installedCopy()
        let server = try AgoraProcess(["serve", "--port", "0"], workingDirectory: workingDirectory, executable: binary)
        let port = try #require(server.listeningPort(), "stderr: \(server.stderr)")
        #expect(server.stdout.contains("seeded a new data directory"), "\(server.stdout)")
        #expect(FileManager.default.fileExists(atPath: workingDirectory + "/.data/snapshot.json"), "the default data dir")

        let events = try HTTPReply.get(port: port, "/events?past=true")
        #expect(events.status == 200)
        let root = ConfigurationDocsTests.repositoryRoot
        for seed in try FileManager.default.contentsOfDirectory(atPath: root + "/Config/seed") where seed.hasSuffix(".json") {
            let document = try #require(try JSONSerialization.jsonObject(
                with: Data(contentsOf: URL(fileURLWithPath: root + "/Config/seed/" + seed))) as? [String: Any])
            for event in document["events"] as? [[String: Any]] ?? [] {
                let id = try #require(event["id"] as? String)
                #expect(events.text.contains("\"id\":\"\(id)\""), "seed event \(id) from \(seed) is served")
            }
        }
        for name in ["openapi.json", "openapi.yaml"] {
            let served = try HTTPReply.get(port: port, "/" + name)
            #expect(served.status == 200, "\(name)")
            let file = try Data(contentsOf: URL(fileURLWithPath: root + "/Docs/" + name))
            #expect(served.body == Array(file), "\(name) is the file's bytes")
        }
        server.signal(SIGTERM)
        #expect(server.wait() == 0)
    }

    @Test func theFlagsStillOverrideTheBuiltInDocuments() throws {
        let (binary, workingDirectory) = try installedCopy()
        let seeds = workingDirectory + "/seeds"
        #expect(mkdir(seeds, 0o755) == 0)
        try Data(#"{"formatVersion":1,"source":"a test","events":[],"partners":[]}"#.utf8).write(to: URL(fileURLWithPath: seeds + "/empty.json"))
        let docs = workingDirectory + "/docs"
        #expect(mkdir(docs, 0o755) == 0)
        try Data(#"{"openapi":"3.1.0"}"#.utf8).write(to: URL(fileURLWithPath: docs + "/openapi.json"))
        let server = try AgoraProcess(["serve", "--port", "0", "--seed-dir", seeds, "--docs-dir", docs],
                                      workingDirectory: workingDirectory, executable: binary)
        let port = try #require(server.listeningPort(), "stderr: \(server.stderr)")
        let events = try HTTPReply.get(port: port, "/events?past=true")
        #expect(events.status == 200 && !events.text.contains("quattropole"), "\(events.text)")
        #expect(try HTTPReply.get(port: port, "/openapi.json").text == #"{"openapi":"3.1.0"}"#)
        #expect(try HTTPReply.get(port: port, "/openapi.yaml").status == 404, "not in --docs-dir")
        server.signal(SIGTERM)
        #expect(server.wait() == 0)
    }

    @Test func versionNamesTheCommitItWasBuiltFrom() throws {
        let (binary, workingDirectory) = try installedCopy()
        let version = try AgoraProcess(["--version"], workingDirectory: workingDirectory, executable: binary)
        #expect(version.wait() == 0)
        let line = version.stdout.trimmingCharacters(in: .newlines)
        #expect(line.hasPrefix("agora 0."), "\(line)")
        let root = ConfigurationDocsTests.repositoryRoot
        let inRepository = try runTool("/usr/bin/git", ["-C", root, "rev-parse", "--is-inside-work-tree"]).status == 0
        let commit = String(line.split(separator: " ").last?.dropLast() ?? "")
        if inRepository {
            #expect(commit.count == 40 && commit.allSatisfy(\.isHexDigit), "a full commit id: \(line)")
            // HEAD itself after `swift build`; an ancestor of it when something was committed since the last build.
            let ancestry = try runTool("/usr/bin/git", ["-C", root, "merge-base", "--is-ancestor", commit, "HEAD"])
            #expect(ancestry.status == 0, "\(commit) is HEAD or one of its ancestors: \(ancestry.stderr)")
        } else {
            #expect(line.hasSuffix("(commit unknown)"), "no repository: \(line)")
        }
    }
}
