/// A request handler: returns a reply now or later, or throws an error that `ErrorMapping` turns into a problem
/// response (one place for that mapping).
public typealias RequestHandler = @Sendable (Request) throws -> Reply

/// Method + path-pattern routing over percent-decoded segments (`/events/{id}/programme`, `/events/{id}.jsonld`). Patterns are stored in a
/// segment trie, so matching costs one dictionary lookup per segment whatever the number of routes. A path that
/// exists with other methods answers 405 with `Allow` (RFC 9110 §15.5.6), an unknown path 404.
public struct Router: Sendable {
    struct Route: Sendable {
        /// Its position in `patterns`: the metrics' key for the route, so recording a request hashes no string.
        let id: Int
        let pattern: String
        let parameterNames: [String]
        let access: RouteAccess
        let handler: RequestHandler
    }

    struct Node: Sendable {
        var literals: [String: Int] = [:]
        var parameter: Int?
        /// Parameters followed by a literal suffix in the same segment (`{id}.jsonld`), tried after literals and
        /// before the plain parameter.
        var suffixed: [(suffix: String, node: Int)] = []
        var routes: [HTTPMethod: Route] = [:]
    }

    public enum Match: Sendable {
        case found(handler: RequestHandler, parameters: [String: String], access: RouteAccess, pattern: String)
        case methodNotAllowed(allowed: [HTTPMethod], access: RouteAccess)
        case notFound
    }

    private var nodes: [Node] = [Node()]
    /// Every registered pattern once, in order of registration; a route's `id` indexes it.
    public private(set) var patterns: [String] = []

    /// The texts of problems in the application's languages: whoever registers the routes supplies them (the API
    /// does, with its routes), and the completion point renders every problem — the engine's own included — in the
    /// language a request's `Accept-Language` picks from them. English only by default.
    public var problems: any ProblemCatalogue = EnglishProblems()

    /// Who a request's credentials name, for the access log: the application knows its tokens, the engine does
    /// not. Asked only for requests with an `Authorization` field; nil (the default) logs no principal.
    public var principal: (@Sendable (HTTPHeaders) -> AccessPrincipal?)?

    public init() {}

    /// Registers `handler` for `method` on `pattern`. `access` defaults to public for GET and restricted otherwise.
    public mutating func add(_ method: HTTPMethod, _ pattern: String, access: RouteAccess? = nil,
                             _ handler: @escaping RequestHandler) {
        var index = 0
        var names: [String] = []
        for segment in pattern.split(separator: "/", omittingEmptySubsequences: true) {
            if segment.hasPrefix("{"), let close = segment.firstIndex(of: "}"), close != segment.index(before: segment.endIndex) {
                names.append(String(segment[segment.index(after: segment.startIndex)..<close]))
                let suffix = String(segment[segment.index(after: close)...])
                if let next = nodes[index].suffixed.first(where: { $0.suffix == suffix })?.node {
                    index = next
                } else {
                    nodes.append(Node())
                    nodes[index].suffixed.append((suffix, nodes.count - 1))
                    index = nodes.count - 1
                }
            } else if segment.hasPrefix("{") && segment.hasSuffix("}") {
                names.append(String(segment.dropFirst().dropLast()))
                if let next = nodes[index].parameter {
                    index = next
                } else {
                    nodes.append(Node())
                    nodes[index].parameter = nodes.count - 1
                    index = nodes.count - 1
                }
            } else {
                let key = String(segment)
                if let next = nodes[index].literals[key] {
                    index = next
                } else {
                    nodes.append(Node())
                    nodes[index].literals[key] = nodes.count - 1
                    index = nodes.count - 1
                }
            }
        }
        let defaultAccess: RouteAccess = method == .get || method == .head ? .public : .restricted
        let id = patterns.firstIndex(of: pattern) ?? patterns.count
        if id == patterns.count { patterns.append(pattern) }
        nodes[index].routes[method] = Route(id: id, pattern: pattern, parameterNames: names, access: access ?? defaultAccess,
                                            handler: handler)
    }

    public mutating func get(_ pattern: String, access: RouteAccess? = nil, _ handler: @escaping RequestHandler) {
        add(.get, pattern, access: access, handler)
    }
    public mutating func post(_ pattern: String, access: RouteAccess? = nil, _ handler: @escaping RequestHandler) {
        add(.post, pattern, access: access, handler)
    }
    public mutating func put(_ pattern: String, access: RouteAccess? = nil, _ handler: @escaping RequestHandler) {
        add(.put, pattern, access: access, handler)
    }
    public mutating func patch(_ pattern: String, access: RouteAccess? = nil, _ handler: @escaping RequestHandler) {
        add(.patch, pattern, access: access, handler)
    }
    public mutating func delete(_ pattern: String, access: RouteAccess? = nil, _ handler: @escaping RequestHandler) {
        add(.delete, pattern, access: access, handler)
    }

    /// Every registered (method, pattern) pair, for contract tests against the OpenAPI document.
    public var routes: [(method: HTTPMethod, pattern: String)] {
        nodes.flatMap { node in node.routes.map { ($0.key, $0.value.pattern) } }
            .sorted { ($0.1, $0.0.rawValue) < ($1.1, $1.0.rawValue) }
    }

    public func match(_ method: HTTPMethod, _ segments: [String]) -> Match {
        resolve(method, segments).match
    }

    /// `match`, with the id of the route that was found (nil for 404 and 405).
    func resolve(_ method: HTTPMethod, _ segments: [String]) -> (match: Match, routeID: Int?) {
        var values: [String] = []
        guard let index = find(segments[...], from: 0, values: &values) else { return (.notFound, nil) }
        let node = nodes[index]
        // HEAD is answered by the GET handler with the body dropped (RFC 9110 §9.3.2).
        if let route = node.routes[method] ?? (method == .head ? node.routes[.get] : nil) {
            var parameters: [String: String] = [:]
            for (name, value) in zip(route.parameterNames, values) { parameters[name] = value }
            return (.found(handler: route.handler, parameters: parameters, access: route.access, pattern: route.pattern),
                    route.id)
        }
        let access: RouteAccess = node.routes.values.contains { $0.access == .public } ? .public : .restricted
        return (.methodNotAllowed(allowed: Self.allowed(node), access: access), nil)
    }

    /// The methods a path answers, for `Allow` and CORS preflight: registered ones, HEAD with GET, and OPTIONS.
    public func allowedMethods(_ segments: [String]) -> [HTTPMethod]? {
        var values: [String] = []
        guard let index = find(segments[...], from: 0, values: &values) else { return nil }
        return Self.allowed(nodes[index])
    }

    private static func allowed(_ node: Node) -> [HTTPMethod] {
        var methods = Set(node.routes.keys)
        if methods.contains(.get) { methods.insert(.head) }
        methods.insert(.options)
        return methods.sorted { $0.rawValue < $1.rawValue }
    }

    /// Literal segments win over parameters with a suffix, which win over plain parameters; backtracks if a literal branch dead-ends (`/events/export` vs `{id}`).
    private func find(_ segments: ArraySlice<String>, from index: Int, values: inout [String]) -> Int? {
        guard let segment = segments.first else { return nodes[index].routes.isEmpty ? nil : index }
        let rest = segments.dropFirst()
        if let literal = nodes[index].literals[segment], let found = find(rest, from: literal, values: &values) {
            return found
        }
        for (suffix, next) in nodes[index].suffixed where segment.count > suffix.count && segment.hasSuffix(suffix) {
            values.append(String(segment.dropLast(suffix.count)))
            if let found = find(rest, from: next, values: &values) { return found }
            values.removeLast()
        }
        if let parameter = nodes[index].parameter {
            values.append(segment)
            if let found = find(rest, from: parameter, values: &values) { return found }
            values.removeLast()
        }
        return nil
    }
}
