public import AgoraDomain

extension ExportLanguage {
    /// The text of `text` to write (see `resolve`), without its tag: what the schedule and JSON-LD writers need.
    public mutating func text(_ text: LocalizedText?, defaultLanguage: String) -> String? {
        resolve(text, defaultLanguage: defaultLanguage)?.text
    }

    /// `Content-Language` of what was written (RFC 9110 §8.5): the languages served, in order of first use; nil when
    /// no field needed a choice.
    public var contentLanguage: String? {
        served.isEmpty ? nil : served.joined(separator: ", ")
    }
}
