extension Partner {
    /// Every problem of the partner, with field paths (`subUnits[2]`).
    public func validate() -> [ValidationIssue] {
        var issues: [ValidationIssue] = []
        if !Slug.isValid(id) { issues.append(.init(path: "id", message: "must be a slug (a-z, 0-9, single hyphens)")) }
        if name.allSatisfy(\.isWhitespace) { issues.append(.init(path: "name", message: "must not be empty")) }
        for (index, unit) in subUnits.enumerated() where unit.allSatisfy(\.isWhitespace) {
            issues.append(.init(path: "subUnits[\(index)]", message: "must not be empty"))
        }
        if let website, !Check.isWebAddress(website) {
            issues.append(.init(path: "website", message: "must be an http(s) URL"))
        }
        issues += Check.text(description, "description")
        return issues
    }
}
