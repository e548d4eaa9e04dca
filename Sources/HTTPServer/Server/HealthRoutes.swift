/// `/healthz`: the process is alive (200 while it runs). `/readyz`: send traffic here (200) or not (503 while
/// starting, draining, or an application check fails) — what a load balancer polls.
extension Router {
    mutating func addHealthRoutes(readiness: Readiness) {
        let ok = Array(#"{"status":"ok"}"#.utf8)
        get("/healthz") { _ in
            var response = Response.json(ok)
            response.headers.add("Cache-Control", "no-store")
            return .now(response)
        }
        get("/readyz") { _ in
            let phase = readiness.current
            if readiness.isReady {
                var response = Response.json(Array(#"{"status":"ready"}"#.utf8))
                response.headers.add("Cache-Control", "no-store")
                return .now(response)
            }
            let status = phase == .ready ? "unavailable" : (phase == .starting ? "starting" : "draining")
            var response = Response.json(Array("{\"status\":\"\(status)\"}".utf8), status: .serviceUnavailable)
            response.headers.add("Cache-Control", "no-store")
            response.headers.add("Retry-After", "1")
            return .now(response)
        }
    }
}
