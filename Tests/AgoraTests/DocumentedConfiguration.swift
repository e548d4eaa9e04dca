import Foundation

/// A proxy configuration as a page of Docs shows it, for a test that runs it *as written*: the page's one fenced block
/// of a language (```nginx, ```haproxy), with only the addresses replaced. Each replaced text must occur exactly once,
/// so an edit of the page that the test no longer follows fails here instead of drifting.
enum DocumentedConfiguration {
    struct Mismatch: Error, CustomStringConvertible {
        let description: String
    }

    /// The one fenced block of `language` in `page` (a path under the repository's Docs).
    static func block(_ language: String, in page: String) throws -> String {
        let text = AgoraProcess.read(ConfigurationDocsTests.repositoryRoot + "/Docs/" + page)
        var blocks: [[Substring]] = []
        var current: [Substring]?
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if current == nil, line == "```" + language {
                current = []
            } else if let lines = current, line == "```" {
                blocks.append(lines)
                current = nil
            } else {
                current?.append(line)
            }
        }
        guard blocks.count == 1 else {
            throw Mismatch(description: "Docs/\(page) must hold exactly one ```\(language) block, found \(blocks.count)")
        }
        return blocks[0].joined(separator: "\n") + "\n"
    }

    /// `text` with each `old` (which must occur exactly once) replaced by its `new`.
    static func substitute(_ text: String, _ replacements: [(old: String, new: String)]) throws -> String {
        var text = text
        for (old, new) in replacements {
            let count = text.components(separatedBy: old).count - 1
            guard count == 1 else {
                throw Mismatch(description: "the documented configuration must contain \(old) exactly once (found \(count))")
            }
            text = text.replacingOccurrences(of: old, with: new)
        }
        return text
    }
}
