/// Field checks shared by the `validate()` functions.
enum Check {
    static func text(_ text: LocalizedText?, _ path: String, required: Bool = false) -> [ValidationIssue] {
        guard let text else {
            return required ? [ValidationIssue(path: path, message: "must not be empty")] : []
        }
        var issues: [ValidationIssue] = []
        if required, text.isBlank { issues.append(ValidationIssue(path: path, message: "must not be empty")) }
        // An optional text given with no language at all has nothing to show or fall back to: omit it instead.
        if !required, text.languages.isEmpty {
            issues.append(ValidationIssue(path: path, message: "must have at least one language (omit it instead)"))
        }
        for tag in text.languages where !LanguageTag.isValid(tag) {
            issues.append(ValidationIssue(path: "\(path).\(tag)", message: "not a BCP 47 language tag"))
        }
        return issues
    }

    static func venue(_ venue: Venue) -> [ValidationIssue] {
        var issues: [ValidationIssue] = []
        if venue.name.allSatisfy(\.isWhitespace) {
            issues.append(ValidationIssue(path: "venue.name", message: "must not be empty"))
        }
        if let country = venue.country, country.count != 2 || !country.allSatisfy({ $0.isASCII && $0.isUppercase }) {
            issues.append(ValidationIssue(path: "venue.country", message: "must be an ISO 3166-1 alpha-2 code (\"LU\")"))
        }
        if let website = venue.website, !isWebAddress(website) {
            issues.append(ValidationIssue(path: "venue.website", message: "must be an http(s) URL"))
        }
        return issues
    }

    static func contact(_ contact: Contact, _ path: String) -> [ValidationIssue] {
        var issues: [ValidationIssue] = []
        if contact.name.allSatisfy(\.isWhitespace) {
            issues.append(ValidationIssue(path: "\(path).name", message: "must not be empty"))
        }
        if let email = contact.email, !isEmailAddress(email) {
            issues.append(ValidationIssue(path: "\(path).email", message: "not an e-mail address"))
        }
        issues += text(contact.role, "\(path).role")
        return issues
    }

    /// One `@`, a non-empty local part, a dotted domain, no spaces: enough to catch `name[at]host`
    /// and typos without pretending to implement RFC 5322.
    static func isEmailAddress(_ text: String) -> Bool {
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        guard text.count <= 254, parts.count == 2, let local = parts.first, let domain = parts.last,
              !local.isEmpty, domain.contains("."), !domain.hasPrefix("."), !domain.hasSuffix("."),
              !text.contains(where: { $0.isWhitespace || $0 == "[" || $0 == "]" })
        else { return false }
        return true
    }

    static func isWebAddress(_ text: String) -> Bool {
        let rest: Substring
        if text.hasPrefix("https://") {
            rest = text.dropFirst(8)
        } else if text.hasPrefix("http://") {
            rest = text.dropFirst(7)
        } else {
            return false
        }
        let host = rest.prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        // No whitespace and no control characters (C0, DEL, C1): a link a browser would mangle or refuse.
        return !host.isEmpty && !text.contains(where: \.isWhitespace)
            && !text.unicodeScalars.contains { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) }
    }
}
