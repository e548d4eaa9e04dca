import AgoraLogging
import Testing
@testable import HTTPServer

/// The router and responder run directly, without sockets: the same request values the connection would build.
@Suite("Routing")
struct RouterTests {
    static func request(_ method: HTTPMethod, _ path: String, _ headers: HTTPHeaders = HTTPHeaders()) -> Request {
        var parser = RequestParser()
        var text = "\(method.rawValue) \(path) HTTP/1.1\r\nHost: x\r\n"
        for (name, value) in headers { text += "\(name): \(value)\r\n" }
        text += "\r\n"
        let bytes = Array(text.utf8)
        guard case .complete(let head, _) = bytes.withUnsafeBytes({ parser.parse($0) }) else {
            fatalError("test request did not parse: \(text)")
        }
        return Request(head: head)
    }

    static func responder(_ configure: (inout Router) -> Void, cors: CORSPolicy = CORSPolicy()) -> Responder {
        var router = Router()
        configure(&router)
        return Responder(router: router, cors: cors, errors: ErrorMapping(log: LogWriter(level: .error)))
    }

    static func response(_ responder: Responder, _ request: Request) -> Response {
        guard case .now(let response) = responder.respond(to: request) else { fatalError("deferred") }
        return response
    }

    static let ok: RequestHandler = { request in
        .now(.json("{\"route\":\"\(request.pathParameters.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ","))\"}"))
    }

    @Test func parametersAndLiterals() {
        let responder = Self.responder {
            $0.get("/events/{id}", Self.ok)
            $0.get("/events/{id}/programme/{slotId}", Self.ok)
            $0.get("/events/export", { _ in .now(.json("\"export\"")) })
        }
        #expect(Self.response(responder, Self.request(.get, "/events/assises-2025")).body == Array(#"{"route":"id=assises-2025"}"#.utf8))
        #expect(Self.response(responder, Self.request(.get, "/events/a/programme/s1")).body == Array(#"{"route":"id=a,slotId=s1"}"#.utf8))
        #expect(Self.response(responder, Self.request(.get, "/events/export")).body == Array("\"export\"".utf8), "literal wins")
        #expect(Self.response(responder, Self.request(.get, "/events/a/programme")).status == .notFound)
    }

    /// `/events/{id}.jsonld` next to `/events/{id}` (issue 11): the suffix is not part of the parameter, a segment that is
    /// only the suffix is not a match for it, and a literal still wins.
    @Test func parameterWithALiteralSuffix() {
        let responder = Self.responder {
            $0.get("/events/{id}", Self.ok)
            $0.get("/events/{id}.jsonld", { request in .now(.json("\"ld \(request.parameter("id") ?? "")\"")) })
            $0.get("/events/export.jsonld", { _ in .now(.json("\"literal\"")) })
        }
        #expect(Self.response(responder, Self.request(.get, "/events/a-2025.jsonld")).body == Array("\"ld a-2025\"".utf8))
        #expect(Self.response(responder, Self.request(.get, "/events/a-2025")).body == Array(#"{"route":"id=a-2025"}"#.utf8))
        #expect(Self.response(responder, Self.request(.get, "/events/.jsonld")).body == Array(#"{"route":"id=.jsonld"}"#.utf8))
        #expect(Self.response(responder, Self.request(.get, "/events/export.jsonld")).body == Array("\"literal\"".utf8))
        #expect(Self.response(responder, Self.request(.get, "/events/a.jsonld/x")).status == .notFound)
    }

    @Test func literalBranchBacktracksToParameter() {
        let responder = Self.responder {
            $0.get("/a/b/c", Self.ok)
            $0.get("/a/{x}/d", Self.ok)
        }
        #expect(Self.response(responder, Self.request(.get, "/a/b/d")).body == Array(#"{"route":"x=b"}"#.utf8))
    }

    @Test func methodNotAllowedListsMethods() {
        let responder = Self.responder {
            $0.get("/partners", Self.ok)
            $0.post("/partners", Self.ok)
        }
        let response = Self.response(responder, Self.request(.delete, "/partners"))
        #expect(response.status == .methodNotAllowed)
        #expect(response.headers["Allow"] == "GET, HEAD, OPTIONS, POST")
        #expect(response.headers["Content-Type"] == "application/problem+json")
    }

    @Test func headUsesGet() {
        let responder = Self.responder { $0.get("/partners", Self.ok) }
        #expect(Self.response(responder, Self.request(.head, "/partners")).status == .ok)
    }

    @Test func optionsAnswersAllow() {
        let responder = Self.responder { $0.get("/partners", Self.ok); $0.post("/partners", Self.ok) }
        let response = Self.response(responder, Self.request(.options, "/partners"))
        #expect(response.status == .noContent)
        #expect(response.headers["Allow"] == "GET, HEAD, OPTIONS, POST")
        #expect(Self.response(responder, Self.request(.options, "/nothing")).status == .notFound)
    }

    @Test func corsPublicReadsAnyOriginAdminNone() {
        let responder = Self.responder { $0.get("/events", Self.ok); $0.post("/events", Self.ok) }
        let read = Self.response(responder, Self.request(.get, "/events", ["Origin": "https://front.example"]))
        #expect(read.headers["Access-Control-Allow-Origin"] == "*")
        #expect(read.headers["Access-Control-Expose-Headers"]?.contains("ETag") == true)
        #expect(read.headers["Access-Control-Expose-Headers"]?.contains("Location") == true)
        let write = Self.response(responder, Self.request(.post, "/events", ["Origin": "https://front.example"]))
        #expect(write.headers["Access-Control-Allow-Origin"] == nil)

        let preflightRead = Self.response(responder, Self.request(.options, "/events", [
            "Origin": "https://front.example", "Access-Control-Request-Method": "GET"]))
        #expect(preflightRead.status == .noContent)
        #expect(preflightRead.headers["Access-Control-Allow-Origin"] == "*")
        let preflightWrite = Self.response(responder, Self.request(.options, "/events", [
            "Origin": "https://front.example", "Access-Control-Request-Method": "POST"]))
        #expect(preflightWrite.status == .forbidden)
    }

    @Test func corsRestrictedOriginsConfigured() {
        let cors = CORSPolicy(publicOrigins: ["https://front.example"], restrictedOrigins: ["https://admin.example"])
        let responder = Self.responder({ $0.get("/events", Self.ok); $0.post("/events", Self.ok) }, cors: cors)
        let admin = Self.response(responder, Self.request(.options, "/events", [
            "Origin": "https://admin.example", "Access-Control-Request-Method": "POST"]))
        #expect(admin.status == .noContent)
        #expect(admin.headers["Access-Control-Allow-Origin"] == "https://admin.example")
        let stranger = Self.response(responder, Self.request(.get, "/events", ["Origin": "https://evil.example"]))
        #expect(stranger.headers["Access-Control-Allow-Origin"] == nil)
        #expect(stranger.headers["Vary"] == "Origin")
    }

    @Test func routesAreListed() {
        var router = Router()
        router.get("/events", Self.ok)
        router.post("/events", Self.ok)
        router.get("/events/{id}", Self.ok)
        #expect(router.routes.map { "\($0.method.rawValue) \($0.pattern)" } == ["GET /events", "POST /events", "GET /events/{id}"])
    }
}
