public import HTTPServer

extension Response {
    /// A JSON response that carries personal data (registrations, their names and e-mails): never stored by any
    /// cache (RFC 9111 §5.2.2.5 `no-store`) and never put in the `RepresentationCache`. Use it for every admin
    /// read of registrations and for the answer to a registration.
    public static func personalData(_ value: JSONValue, status: HTTPStatus = .ok) -> Response {
        var response = Response.json(value.bytes, status: status)
        response.headers.add("Cache-Control", "no-store")
        return response
    }
}
