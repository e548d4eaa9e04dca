/// Folds text to lowercase ASCII where a Latin letter has an obvious ASCII spelling
/// ("Œuvre" → "oeuvre", "Schläifmillen" → "schlaifmillen", "Großherzogliche" → "grossherzogliche").
///
/// Used for slugs and for accent-insensitive search. Done by table rather than by Unicode
/// decomposition because the standard library exposes no NFD and full Foundation is not wanted here;
/// the table covers Latin-1 and Latin Extended-A, which is every letter of the languages Agora serves.
public enum TextFolding {
    public static func fold(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for character in text.lowercased() {
            if character.isASCII {
                result.append(character)
            } else if let replacement = foldings[character] {
                result += replacement
            } else {
                result.append(character)
            }
        }
        return result
    }

    /// True when `needle` occurs in `haystack` ignoring case and accents.
    public static func contains(_ haystack: String, _ needle: String) -> Bool {
        let foldedNeedle = fold(needle)
        return foldedNeedle.isEmpty || fold(haystack).contains(foldedNeedle)
    }

    private static let foldings: [Character: String] = {
        let groups: [(String, String)] = [
            ("àáâãäåāăą", "a"), ("çćĉċč", "c"), ("ďđ", "d"), ("èéêëēĕėęě", "e"), ("ĝğġģ", "g"),
            ("ĥħ", "h"), ("ìíîïĩīĭįı", "i"), ("ĵ", "j"), ("ķ", "k"), ("ĺļľŀł", "l"), ("ñńņňŉ", "n"),
            ("òóôõöøōŏő", "o"), ("ŕŗř", "r"), ("śŝşšſ", "s"), ("ţťŧ", "t"), ("ùúûüũūŭůűų", "u"),
            ("ŵ", "w"), ("ýÿŷ", "y"), ("źżž", "z"),
        ]
        var table: [Character: String] = [:]
        for (letters, ascii) in groups {
            for letter in letters { table[letter] = ascii }
        }
        let ligatures: [Character: String] = [
            "œ": "oe", "æ": "ae", "ß": "ss", "þ": "th", "ð": "d", "ĳ": "ij",
            // Typographic punctuation folds to its ASCII look-alike so "l’accès" matches "l'acces".
            "’": "'", "‘": "'", "„": "\"", "“": "\"", "”": "\"", "–": "-", "—": "-",
        ]
        table.merge(ligatures) { _, new in new }
        return table
    }()
}

/// Stable, URL-safe identifiers made from titles: `assises-sociales-2025`,
/// "Œuvre Nationale de Secours Grande-Duchesse Charlotte" → `oeuvre-nationale-de-secours-grande-duchesse-charlotte`.
public enum Slug {
    /// Lowercase ASCII letters and digits, runs of anything else collapsed into one `-`, no leading or
    /// trailing `-`. Characters without an ASCII folding are dropped; an all-symbol title gives "".
    public static func make(from title: String) -> String {
        var slug = ""
        var pendingSeparator = false
        for character in TextFolding.fold(title) {
            if character.isASCII, character.isLetter || character.isNumber {
                if pendingSeparator, !slug.isEmpty { slug.append("-") }
                pendingSeparator = false
                slug.append(character)
            } else {
                pendingSeparator = true
            }
        }
        return slug
    }

    /// True for what `make(from:)` can produce: non-empty, at most 100 characters, `[a-z0-9]` runs joined by single `-`.
    public static func isValid(_ candidate: String) -> Bool {
        !candidate.isEmpty && candidate.count <= 100 && make(from: candidate) == candidate
    }
}
