import HTTPServer

/// `GET /bench/static`: a fixed ~12 KiB JSON body for the engine benchmarks (compared with nginx serving the same
/// bytes, which the scripts fetch from here first).
enum BenchRoutes {
    static let body: [UInt8] = {
        var json = "{\"items\":["
        var index = 0
        while json.utf8.count < 12 * 1024 - 200 {
            if index > 0 { json += "," }
            json += "{\"id\":\"slot-\(index)\",\"title\":\"Assises sociales — Vortrag \(index)\",\"startsAt\":\"2025-11-20T09:15:00+01:00\",\"room\":\"Centre culturel Bonnevoie\"}"
            index += 1
        }
        json += "]}"
        return Array(json.utf8)
    }()

    static func add(to router: inout Router) {
        let body = Self.body
        router.get("/bench/static") { _ in .now(.json(body)) }
    }
}
