/// Text in one or more languages, keyed by BCP 47 tag (`de`, `fr`, `lb`, `en`, `de-LU`).
///
/// The seeds mix French titles with German descriptions, so a field holds exactly the languages it
/// was published in; nothing is translated. Tags are stored lowercased because BCP 47 tags compare
/// case-insensitively and one spelling keeps JSON and equality stable.
/// JSON: an object from tag to text, e.g. `{"de": "Bildung", "fr": "Éducation"}`.
public struct LocalizedText: Hashable, Sendable {
    public private(set) var texts: [String: String]

    public init(_ texts: [String: String]) {
        var normalized: [String: String] = [:]
        for (tag, text) in texts { normalized[tag.lowercased()] = text }
        self.texts = normalized
    }

    public static func de(_ text: String) -> LocalizedText { LocalizedText(["de": text]) }
    public static func fr(_ text: String) -> LocalizedText { LocalizedText(["fr": text]) }
    public static func lb(_ text: String) -> LocalizedText { LocalizedText(["lb": text]) }
    public static func en(_ text: String) -> LocalizedText { LocalizedText(["en": text]) }

    /// The languages present, sorted.
    public var languages: [String] { texts.keys.sorted() }

    /// True when no language carries any non-blank text.
    public var isBlank: Bool {
        texts.values.allSatisfy { $0.allSatisfy(\.isWhitespace) }
    }

    public subscript(language: String) -> String? { texts[language.lowercased()] }

    /// The text to show for `requested` (e.g. from `?lang=` or Accept-Language): the requested tag,
    /// then its primary language (`de-lu` → `de`), then the default language the same way, then any
    /// language (alphabetically first, so the answer is deterministic). Nil only when empty.
    public func resolved(for requested: String?, defaultLanguage: String?) -> (language: String, text: String)? {
        for wanted in [requested, defaultLanguage].compactMap({ $0?.lowercased() }) {
            if let match = bestMatch(for: wanted) { return match }
        }
        guard let first = texts.keys.sorted().first, let text = texts[first] else { return nil }
        return (first, text)
    }

    /// Convenience for `resolved(for:defaultLanguage:)` when only the text matters.
    public func text(for requested: String?, defaultLanguage: String?) -> String? {
        resolved(for: requested, defaultLanguage: defaultLanguage)?.text
    }

    private func bestMatch(for wanted: String) -> (language: String, text: String)? {
        if let text = texts[wanted] { return (wanted, text) }
        let primary = LanguageTag.primary(of: wanted)
        if let text = texts[primary] { return (primary, text) }
        // `de` requested, only `de-ch` present: a regional variant beats another language.
        if let variant = texts.keys.sorted().first(where: { LanguageTag.primary(of: $0) == primary }),
           let text = texts[variant] {
            return (variant, text)
        }
        return nil
    }
}

extension LocalizedText: Codable {
    public init(from decoder: any Decoder) throws {
        self.init(try decoder.singleValueContainer().decode([String: String].self))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(texts)
    }
}

/// Checks and splits BCP 47 language tags, enough for the shapes Agora accepts
/// (`de`, `lb`, `de-LU`, `zh-Hant-TW`): a 2–3 letter language, then 1–8 character alphanumeric subtags.
public enum LanguageTag {
    /// RFC 5646's shape, loosely: a 2–3 letter language, then subtags of 1–8 letters or digits. Every
    /// valid tag is ASCII, so this walks bytes (the check runs for every registration replayed).
    public static func isValid(_ tag: String) -> Bool {
        var part = 0, length = 0
        func fits() -> Bool { part == 0 ? (2...3).contains(length) : (1...8).contains(length) }
        for byte in tag.utf8 {
            if byte == UInt8(ascii: "-") {
                guard fits() else { return false }
                part += 1
                length = 0
                continue
            }
            let letter = (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte | 0x20)
            let digit = (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
            guard letter || (part > 0 && digit) else { return false }
            length += 1
        }
        return fits()
    }

    /// The same rule over Characters, the definition the byte walk must agree with (see the tests).
    static func isValidByCharacters(_ tag: String) -> Bool {
        let parts = tag.split(separator: "-", omittingEmptySubsequences: false)
        guard let language = parts.first, (2...3).contains(language.count),
              language.allSatisfy({ $0.isASCII && $0.isLetter }) else { return false }
        return parts.dropFirst().allSatisfy { part in
            (1...8).contains(part.count) && part.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber) }
        }
    }

    /// `de-lu` → `de`.
    public static func primary(of tag: String) -> String {
        String(tag.lowercased().split(separator: "-").first ?? "")
    }
}
