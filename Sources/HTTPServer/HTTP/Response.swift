/// A response a handler returns. The engine adds `Date`, `Content-Length`, `X-Request-Id`, `Connection` and CORS
/// headers; a handler sets status, its own headers and the body.
public struct Response: Sendable {
    public var status: HTTPStatus
    public var headers: HTTPHeaders
    /// The content. An array shares its storage (copy-on-write), so a cached body is written without being copied.
    public var body: [UInt8]
    /// The problem this response was made from (`Problem.response`), for the completion point to render in the
    /// request's language; nil for every other response.
    public internal(set) var problem: ProblemSource?

    public init(status: HTTPStatus = .ok, headers: HTTPHeaders = HTTPHeaders(), body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
        self.problem = nil
    }

    /// A JSON response from already-encoded bytes.
    public static func json(_ body: [UInt8], status: HTTPStatus = .ok) -> Response {
        var headers = HTTPHeaders()
        headers.add("Content-Type", "application/json; charset=utf-8")
        return Response(status: status, headers: headers, body: body)
    }

    public static func json(_ text: String, status: HTTPStatus = .ok) -> Response {
        json(Array(text.utf8), status: status)
    }
}
