// The method and version of a request line (RFC 9110 §9, RFC 9112 §2.3).

/// A request method. Methods are case-sensitive tokens (RFC 9110 §9.1): `get` is not `GET`.
public struct HTTPMethod: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public let rawValue: String

    public init(rawValue: String) {
        self.rawValue = rawValue
    }

    public var description: String { rawValue }

    public static let get = HTTPMethod(rawValue: "GET")
    public static let head = HTTPMethod(rawValue: "HEAD")
    public static let post = HTTPMethod(rawValue: "POST")
    public static let put = HTTPMethod(rawValue: "PUT")
    public static let patch = HTTPMethod(rawValue: "PATCH")
    public static let delete = HTTPMethod(rawValue: "DELETE")
    public static let options = HTTPMethod(rawValue: "OPTIONS")
    public static let trace = HTTPMethod(rawValue: "TRACE")
    public static let connect = HTTPMethod(rawValue: "CONNECT")

    /// The methods this server knows, matched on the request line's bytes without building a string; any
    /// other valid token is answered 501 (RFC 9110 §9.1).
    static func known(_ name: UnsafeRawBufferPointer) -> HTTPMethod? {
        func equals(_ literal: StaticString) -> Bool {
            name.elementsEqual(UnsafeRawBufferPointer(start: literal.utf8Start, count: literal.utf8CodeUnitCount))
        }
        switch name.count {
        case 3: return equals("GET") ? .get : equals("PUT") ? .put : nil
        case 4: return equals("HEAD") ? .head : equals("POST") ? .post : nil
        case 5: return equals("PATCH") ? .patch : equals("TRACE") ? .trace : nil
        case 6: return equals("DELETE") ? .delete : nil
        case 7: return equals("OPTIONS") ? .options : equals("CONNECT") ? .connect : nil
        default: return nil
        }
    }
}
