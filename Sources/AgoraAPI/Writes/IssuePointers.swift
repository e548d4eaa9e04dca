import AgoraDomain
import AgoraJSON
import HTTPServer

/// Where a write's validation issues point: into the request body the client sent (RFC 6901; issue #10 item 13).
/// The domain validates the whole event a slot lives in, at paths like `programme[5].startsAt`; a slot write's body
/// is the slot, so its issues are re-rooted at it (`/startsAt`). A merge patch (RFC 7396) holds only what changes, so
/// an issue under a member it does not name cannot be pointed at in it: that issue points at the whole body (""),
/// with a pointer into the resource (the slot; the event for an issue elsewhere in it) at the start of its detail.
struct IssuePointers: Sendable {
    /// The domain path the body stands for: "" for the entity itself, `programme[5]` for a slot of an event.
    var root: String
    /// The body sent, when only what it names can be pointed at (a merge patch); nil for a full representation.
    var patch: JSONInput?

    init(root: String = "", patch: JSONInput? = nil) {
        self.root = root
        self.patch = patch
    }

    func fieldIssue(_ issue: ValidationIssue) -> FieldIssue {
        let relative = relativePath(issue.path).map(JSONPointer.from(domainPath:))
        if let relative, patch.map({ Self.resolves(relative, in: $0) }) ?? true {
            return FieldIssue(pointer: relative, detail: issue.message)
        }
        // Into the resource the body stands for (the slot), or else into the event around it.
        let resourcePointer = relative ?? JSONPointer.from(domainPath: issue.path)
        return FieldIssue(pointer: "", detail: "\(resourcePointer): \(ProblemText(issue.message))")
    }

    /// `path` below `root`, or nil when it lies elsewhere in the entity.
    private func relativePath(_ path: String) -> String? {
        if root.isEmpty { return path }
        if path == root { return "" }
        guard path.hasPrefix(root + ".") else { return nil }
        return String(path.dropFirst(root.count + 1))
    }

    /// Whether `pointer` names a value of `document` (RFC 6901 §4; "" is the document itself).
    static func resolves(_ pointer: String, in document: JSONInput) -> Bool {
        var value = document
        for token in pointer.split(separator: "/", omittingEmptySubsequences: false).dropFirst() {
            let name = String(token).replacing("~1", with: "/").replacing("~0", with: "~")
            switch value {
            case .object:
                guard let member = value[name] else { return false }
                value = member
            case .array(let items):
                guard let index = Int(name), items.indices.contains(index) else { return false }
                value = items[index]
            default:
                return false
            }
        }
        return true
    }
}
