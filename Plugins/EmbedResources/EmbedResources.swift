// Compiles the seed documents (Config/seed/*.json), the OpenAPI documents (Docs/openapi.yaml, Docs/openapi.json), the
// programme page's files (Config/page/*) and the git commit into `agora` (issue 13 item 6): an installed binary starts outside the source tree, and the embedded
// copy cannot go stale: the files are this build command's inputs, and so are the git files that change with every
// commit or checkout (HEAD, its reflog, the branch's ref), so SwiftPM reruns the tool, which reads the commit itself
// (SwiftPM may reuse this plugin's last answer, so the commit must not be an argument computed here).
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
        // The programme page's files (issue 14): HTML, CSS and JavaScript modules, served as they are.
        let pageDirectory = root.appending(path: "Config/page")
        let pageFiles = ((try? FileManager.default.contentsOfDirectory(atPath: pageDirectory.path)) ?? [])
            .filter { !$0.hasPrefix(".") }.sorted().map { pageDirectory.appending(path: $0) }
        let git = GitFiles(packageRoot: root)
        let output = context.pluginWorkDirectoryURL.appending(path: "EmbeddedResources.swift")
        var arguments = ["--output", output.path, "--openapi-yaml", documents[0].path, "--openapi-json", documents[1].path]
        if let directory = git.directory { arguments += ["--git-dir", directory.path] }
        if let given = ProcessInfo.processInfo.environment["AGORA_GIT_COMMIT"], !given.isEmpty {
            arguments += ["--commit", given]
        }
        for seed in seeds { arguments += ["--seed", seed.path] }
        for file in pageFiles { arguments += ["--page", file.path] }
        return [.buildCommand(displayName: "Embedding the seed and OpenAPI documents, the page and the git commit",
                              executable: try context.tool(named: "agora-embed").url,
                              arguments: arguments,
                              inputFiles: seeds + documents + pageFiles + git.files,
                              outputFiles: [output])]
    }
}

/// Where git keeps HEAD (`.git` as a directory or, in a worktree, a file naming it) and the files that change when
/// HEAD moves: HEAD itself, its reflog, the branch's ref file, packed-refs. No repository (a tarball): none.
struct GitFiles {
    var directory: URL?
    var files: [URL] = []

    init(packageRoot: URL) {
        let dotGit = packageRoot.appending(path: ".git")
        var gitDirectory = dotGit
        if let text = Self.read(dotGit), text.hasPrefix("gitdir: ") {
            let path = String(text.dropFirst("gitdir: ".count))
            gitDirectory = path.hasPrefix("/") ? URL(fileURLWithPath: path) : packageRoot.appending(path: path)
        }
        guard let head = Self.read(gitDirectory.appending(path: "HEAD")) else { return }
        directory = gitDirectory
        var common = gitDirectory
        if let relative = Self.read(gitDirectory.appending(path: "commondir")) {
            common = relative.hasPrefix("/") ? URL(fileURLWithPath: relative)
                : gitDirectory.appending(path: relative).standardizedFileURL
        }
        var candidates = [gitDirectory.appending(path: "HEAD"), gitDirectory.appending(path: "logs/HEAD"),
                          common.appending(path: "packed-refs")]
        if head.hasPrefix("ref: ") {
            let reference = String(head.dropFirst("ref: ".count))
            candidates += [gitDirectory.appending(path: reference), common.appending(path: reference)]
        }
        files = candidates.filter { FileManager.default.fileExists(atPath: $0.path) }
    }

    static func read(_ url: URL) -> String? {
        guard let data = FileManager.default.contents(atPath: url.path) else { return nil }
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
