import HTTPServer

/// The token of an `Authorization: Bearer <token>` header (RFC 6750 §2.1). The scheme is
/// case-insensitive (RFC 9110 §11.1); the token is the b64token grammar, which never contains spaces.
enum BearerToken {
    enum Presented: Equatable {
        case none
        case malformed
        case token(String)
    }

    static func presented(in request: Request) -> Presented { presented(in: request.headers) }

    static func presented(in headers: HTTPHeaders) -> Presented {
        guard let value = headers["Authorization"] else { return .none }
        let trimmed = value.drop { $0 == " " }
        guard trimmed.count > 7, trimmed.prefix(7).lowercased() == "bearer " else { return .malformed }
        let token = trimmed.dropFirst(7).drop { $0 == " " }
        let end = token.lastIndex { $0 != " " }.map { token.index(after: $0) } ?? token.startIndex
        let text = String(token[..<end])
        guard !text.isEmpty, !text.contains(" ") else { return .malformed }
        return .token(text)
    }
}
