/// Something that knows which problem it is; thrown by handlers and mapped to a response in one place.
public protocol ProblemConvertible: Error {
    var problem: Problem { get }
}

extension Problem: ProblemConvertible {
    public var problem: Problem { self }
}

extension HTTPParseError: ProblemConvertible {
    public var problem: Problem {
        // Each title and detail is its own key (they have no arguments).
        Problem(status: HTTPStatus(status), title: ProblemText(key: title), detail: ProblemText(key: detail))
    }
}
