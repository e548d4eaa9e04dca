import AgoraJSON

/// JSON Merge Patch (RFC 7396): a patch object says what changes; `null` removes a member, an object
/// merges recursively, anything else (arrays included) replaces. Applied to an entity's JSON
/// representation, whose result is then decoded and validated like a PUT body.
enum MergePatch {
    /// RFC 7396 §2, the MergePatch(Target, Patch) pseudocode.
    static func apply(_ patch: JSONInput, to target: JSONInput) -> JSONInput {
        guard case .object(let members) = patch else { return patch }
        var result: JSONInput = if case .object = target { target } else { .object([]) }
        for (key, value) in members {
            if value == .null {
                result.set(key, nil)
            } else {
                result.set(key, apply(value, to: result[key] ?? .null))
            }
        }
        return result
    }
}
