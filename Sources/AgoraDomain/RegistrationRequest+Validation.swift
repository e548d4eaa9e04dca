extension RegistrationRequest {
    /// Every problem of the request itself (the event-dependent rules are checked when it is applied).
    public func validate() -> [ValidationIssue] {
        var issues: [ValidationIssue] = []
        if id.isEmpty || Check.hasMoreCharacters(id, than: 100) || Check.containsWhitespace(id)
            || Check.contains(id, ascii: "/") {
            issues.append(.init(path: "id", message: "must be 1 to 100 characters without spaces or slashes"))
        }
        if Check.isBlank(name) {
            issues.append(.init(path: "name", message: "must not be empty"))
        } else if Check.hasMoreCharacters(name, than: 200) {
            issues.append(.init(path: "name", message: "must be at most 200 characters"))
        }
        if !Check.isEmailAddress(email) { issues.append(.init(path: "email", message: "not an e-mail address")) }
        if let organisation, Check.hasMoreCharacters(organisation, than: 200) {
            issues.append(.init(path: "organisation", message: "must be at most 200 characters"))
        }
        if let language, !LanguageTag.isValid(language) {
            issues.append(.init(path: "language", message: "not a BCP 47 language tag"))
        }
        return issues
    }
}
