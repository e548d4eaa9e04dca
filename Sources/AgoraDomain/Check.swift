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
        if let geo = venue.geo, !geo.isValid {
            issues.append(ValidationIssue(path: "venue.geo", message: "latitude must be within ±90 and longitude within ±180 degrees"))
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
        isASCIIEmailAddress(text) ?? isEmailAddressByCharacters(text)
    }

    static func isEmailAddressByCharacters(_ text: String) -> Bool {
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        guard text.count <= 254, parts.count == 2, let local = parts.first, let domain = parts.last,
              !local.isEmpty, domain.contains("."), !domain.hasPrefix("."), !domain.hasSuffix("."),
              !text.contains(where: { $0.isWhitespace || $0 == "[" || $0 == "]" })
        else { return false }
        return true
    }

    /// The same rule over the bytes of an ASCII address (every address replayed from a journal is
    /// checked again, and walking Characters costs more than the rest of replay); nil when not ASCII.
    static func isASCIIEmailAddress(_ text: String) -> Bool? {
        var at: Int?
        var dotInDomain = false, domainStartsWithDot = false, last: UInt8 = 0
        var count = 0
        for byte in text.utf8 {
            guard byte < 0x80 else { return nil }
            switch byte {
            case UInt8(ascii: "@"):
                if at != nil { return false }
                at = count
            case UInt8(ascii: "["), UInt8(ascii: "]"), 0x09...0x0D, 0x20: return false
            case UInt8(ascii: "."):
                if let at {
                    dotInDomain = true
                    if at + 1 == count { domainStartsWithDot = true }
                }
            default: break
            }
            last = byte
            count += 1
        }
        // ASCII: one Character per byte (CR LF, the exception, is whitespace and refused above).
        guard let at else { return false }
        return count <= 254 && at > 0 && dotInDomain && !domainStartsWithDot && last != UInt8(ascii: ".")
    }

    /// `text.contains(character)` for an ASCII `character`, from the bytes when the text is ASCII.
    static func contains(_ text: String, ascii character: Unicode.Scalar) -> Bool {
        let byte = UInt8(ascii: character)
        if text.utf8.allSatisfy({ $0 < 0x80 }) { return text.utf8.contains(byte) }
        return text.contains(Character(character))
    }

    /// `text.contains(where: \.isWhitespace)`, from the bytes when the text is ASCII.
    static func containsWhitespace(_ text: String) -> Bool {
        guard let ascii = asciiWhitespace(text) else { return text.contains(where: \.isWhitespace) }
        return ascii.any
    }

    /// `text.allSatisfy(\.isWhitespace)` (true for ""), from the bytes when the text is ASCII.
    static func isBlank(_ text: String) -> Bool {
        guard let ascii = asciiWhitespace(text) else { return text.allSatisfy(\.isWhitespace) }
        return ascii.all
    }

    /// `text.count > limit` without counting Characters when the byte count already settles it.
    static func hasMoreCharacters(_ text: String, than limit: Int) -> Bool {
        text.utf8.count > limit && text.count > limit
    }

    /// For ASCII text: whether any / every byte is whitespace as `Character.isWhitespace` sees it
    /// (tab, LF, VT, FF, CR, space). Nil when the text is not ASCII.
    private static func asciiWhitespace(_ text: String) -> (any: Bool, all: Bool)? {
        var any = false, all = true
        for byte in text.utf8 {
            guard byte < 0x80 else { return nil }
            let white = byte == 0x20 || (0x09...0x0D).contains(byte)
            any = any || white
            all = all && white
        }
        return (any, all)
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
