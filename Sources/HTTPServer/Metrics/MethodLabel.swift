/// The `http_request_method` label: the methods the server knows, anything else `_OTHER` (as the OpenTelemetry
/// convention says, so a client cannot mint label values).
enum MethodLabel {
    static let names = ["_OTHER", "GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]
    static var count: Int { names.count }

    static func index(of method: HTTPMethod) -> Int {
        switch method {
        case .get: 1
        case .head: 2
        case .post: 3
        case .put: 4
        case .patch: 5
        case .delete: 6
        case .options: 7
        default: 0
        }
    }
}
