extension RegistrationRequest {
    /// Every problem of the request itself (the event-dependent rules are checked when it is applied).
    public func validate() -> [ValidationIssue] {
        var issues: [ValidationIssue] = []
        if id.isEmpty || id.count > 100 || id.contains(where: { $0.isWhitespace || $0 == "/" }) {
            issues.append(.init(path: "id", message: "must be 1 to 100 characters without spaces or slashes"))
        }
        if name.allSatisfy(\.isWhitespace) {
            issues.append(.init(path: "name", message: "must not be empty"))
        } else if name.count > 200 {
            issues.append(.init(path: "name", message: "must be at most 200 characters"))
        }
        if !Check.isEmailAddress(email) { issues.append(.init(path: "email", message: "not an e-mail address")) }
        if let organisation, organisation.count > 200 {
            issues.append(.init(path: "organisation", message: "must be at most 200 characters"))
        }
        if let language, !LanguageTag.isValid(language) {
            issues.append(.init(path: "language", message: "not a BCP 47 language tag"))
        }
        return issues
    }
}
