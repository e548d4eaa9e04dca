/// The texts of problems in other languages, supplied by the application with its routes (`Router.problems`); the
/// one completion point (`ResponseFinisher`) asks it which language a request's `Accept-Language` picks and renders
/// every problem's `ProblemText`s in it — the engine's own problems (404, 405, 400 parse errors, 408, 413, …) and
/// the application's alike. The engine knows no language but English.
public protocol ProblemCatalogue: Sendable {
    /// The language to render problems in for a request's `Accept-Language` value (nil: no header), RFC 9110
    /// §12.5.4: one this catalogue has, or "en" (the language every `ProblemText` is written in).
    func language(forAcceptLanguage header: String?) -> String

    /// The template of `key` ("{0}", "{1}" … where its arguments go) in `language`; nil when there is none.
    func template(_ key: String, in language: String) -> String?
}
