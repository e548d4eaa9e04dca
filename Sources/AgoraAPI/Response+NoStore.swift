public import HTTPServer

// Answers that no cache may store (RFC 9111 §5.2.2.5 `no-store`) and that never enter the `RepresentationCache`:
// every answer to a write and every admin read, above all those carrying personal data.
extension Response {
    /// An answer that must not be stored by any cache: admin answers and anything with personal data.
    static func noStore(_ body: [UInt8], status: HTTPStatus = .ok, contentType: String = "application/json; charset=utf-8")
        -> Response {
        var headers = HTTPHeaders()
        headers.add("Content-Type", contentType)
        headers.add("Cache-Control", "no-store")
        return Response(status: status, headers: headers, body: body)
    }

    /// A JSON response that carries personal data (registrations, their names and e-mails). Use it for every admin
    /// read of registrations and for the answer to a registration.
    public static func personalData(_ value: JSONValue, status: HTTPStatus = .ok) -> Response {
        noStore(value.bytes, status: status)
    }
}
