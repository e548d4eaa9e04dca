/// The catalogue of an application that supplies none: every problem is English.
public struct EnglishProblems: ProblemCatalogue {
    public init() {}
    public func language(forAcceptLanguage header: String?) -> String { "en" }
    public func template(_ key: String, in language: String) -> String? { language == "en" ? key : nil }
}
