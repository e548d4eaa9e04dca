// Compiles the seed documents (Config/seed/*.json), the OpenAPI documents (Docs/openapi.yaml, Docs/openapi.json) and
// the git commit into `agora` (issue 13 item 6): an installed binary starts outside the source tree, and the embedded
// copy cannot go stale, because the files are this build command's inputs (SwiftPM reruns it when one changes) and
// the commit is one of its arguments (the plugin runs at every build and reads it from .git).
import Foundation
import PackagePlugin

@main
struct EmbedResources: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        let root = context.package.directoryURL
        let seedDirectory = root.appending(path: "Config/seed")
        let seeds = try FileManager.default.contentsOfDirectory(atPath: seedDirectory.path)
            .filter { $0.hasSuffix(".json") }.sorted().map { seedDirectory.appending(path: $0) }
        let documents = [root.appending(path: "Docs/openapi.yaml"), root.appending(path: "Docs/openapi.json")]
        let revision = GitRevision(packageRoot: root)
        let output = context.pluginWorkDirectoryURL.appending(path: "EmbeddedResources.swift")
        var arguments = ["--output", output.path, "--commit", revision.commit,
                         "--openapi-yaml", documents[0].path, "--openapi-json", documents[1].path]
        for seed in seeds { arguments += ["--seed", seed.path] }
        return [.buildCommand(displayName: "Embedding the seed and OpenAPI documents and commit \(revision.commit)",
                              executable: try context.tool(named: "agora-embed").url,
                              arguments: arguments,
                              inputFiles: seeds + documents + revision.files,
                              outputFiles: [output])]
    }
}

/// The commit HEAD points at, read from the files git keeps (no git binary needed): `.git` as a directory or, in a
/// worktree, a file naming it; HEAD, then the branch's ref file or packed-refs in the common directory.
/// `AGORA_GIT_COMMIT` in the build's environment wins (a tarball build); "unknown" when there is no repository.
struct GitRevision {
    var commit = "unknown"
    /// The files read: inputs of the build command, so a new commit reruns it.
    var files: [URL] = []

    init(packageRoot: URL) {
        if let given = ProcessInfo.processInfo.environment["AGORA_GIT_COMMIT"], !given.isEmpty {
            commit = given
            return
        }
        let dotGit = packageRoot.appending(path: ".git")
        var gitDirectory = dotGit
        if let text = Self.read(dotGit), text.hasPrefix("gitdir: ") {
            let path = String(text.dropFirst("gitdir: ".count))
            gitDirectory = path.hasPrefix("/") ? URL(fileURLWithPath: path) : packageRoot.appending(path: path)
        }
        let headFile = gitDirectory.appending(path: "HEAD")
        guard let head = Self.read(headFile) else { return }
        files.append(headFile)
        guard head.hasPrefix("ref: ") else {
            commit = head
            return
        }
        let reference = String(head.dropFirst("ref: ".count))
        var common = gitDirectory
        if let relative = Self.read(gitDirectory.appending(path: "commondir")) {
            common = relative.hasPrefix("/") ? URL(fileURLWithPath: relative)
                : gitDirectory.appending(path: relative).standardizedFileURL
        }
        for directory in [gitDirectory, common] {
            let refFile = directory.appending(path: reference)
            if let value = Self.read(refFile) {
                files.append(refFile)
                commit = value
                return
            }
        }
        let packed = common.appending(path: "packed-refs")
        if let table = Self.read(packed) {
            files.append(packed)
            for line in table.split(separator: "\n") where line.hasSuffix(" " + reference) {
                commit = String(line.prefix { $0 != " " })
            }
        }
    }

    private static func read(_ url: URL) -> String? {
        guard let data = FileManager.default.contents(atPath: url.path) else { return nil }
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
