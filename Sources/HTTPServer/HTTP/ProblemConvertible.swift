/// Something that knows which problem it is; thrown by handlers and mapped to a response in one place.
public protocol ProblemConvertible: Error {
    var problem: Problem { get }
}

extension Problem: ProblemConvertible {
    public var problem: Problem { self }
}

extension HTTPParseError: ProblemConvertible {
    public var problem: Problem {
        Problem(status: HTTPStatus(status), title: title, detail: detail)
    }
}
