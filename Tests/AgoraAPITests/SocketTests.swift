import Foundation
import Glibc
import HTTPServer
import Testing

/// One request over a real TCP connection to 127.0.0.1, `Connection: close`, read to EOF.
struct SocketClient {
    struct Reply {
        let statusLine: String
        let headers: [(String, String)]
        let body: [UInt8]
        func header(_ name: String) -> String? { headers.first { $0.0.lowercased() == name.lowercased() }?.1 }
        var status: Int { Int(statusLine.split(separator: " ").dropFirst().first ?? "") ?? 0 }
    }

    let port: Int

    func get(_ target: String, _ headers: [(String, String)] = []) throws -> Reply {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        try #require(fd >= 0)
        defer { close(fd) }
        var timeout = timeval(tv_sec: 10, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        try #require(connected == 0)
        var text = "GET \(target) HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
        for (name, value) in headers { text += "\(name): \(value)\r\n" }
        let request = Array((text + "\r\n").utf8)
        try #require(request.withUnsafeBytes { send(fd, $0.baseAddress, $0.count, 0) } == request.count)
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if count <= 0 { break }
            received += buffer[0..<count]
        }
        let separator = Array("\r\n\r\n".utf8)
        try #require(received.count >= 4, "a response head")
        let end = try #require((0...(received.count - 4)).first { Array(received[$0..<$0 + 4]) == separator })
        let lines = String(decoding: received[0..<end], as: UTF8.self).components(separatedBy: "\r\n")
        let fields = lines.dropFirst().compactMap { line -> (String, String)? in
            guard let colon = line.firstIndex(of: ":") else { return nil }
            return (String(line[..<colon]), line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces))
        }
        return Reply(statusLine: lines[0], headers: fields, body: Array(received[(end + 4)...]))
    }
}

@Suite("Public reads over a real socket")
struct SocketTests {
    @Test func cachedReadConditionalGetCORSAndProblemsOverTCP() async throws {
        let fixture = try APIFixture()
        let server = HTTPServer(configuration: ServerConfiguration(listeners: [.init(host: "127.0.0.1", port: 0)],
                                                                   loopCount: 1),
                                router: fixture.router, log: LogSink(level: .error))
        let port = try server.start()[0]
        let client = SocketClient(port: port)

        let first = try client.get("/events?past=true", [("Origin", "https://front.example"),
                                                         ("Accept-Language", "fr;q=0.8, de")])
        #expect(first.status == 200)
        #expect(first.header("Content-Length") == String(first.body.count))
        #expect(first.header("Date") != nil && first.header("X-Request-Id") != nil)
        #expect(first.header("Access-Control-Allow-Origin") == "*")
        #expect(first.header("Content-Language") == "de, fr")
        #expect(first.header("Vary") == "Accept-Language")
        #expect(String(decoding: first.body, as: UTF8.self).contains("\"title\":\"Assises sociales\""))
        let etag = try #require(first.header("ETag"))

        let again = try client.get("/events?past=true", [("Accept-Language", "fr;q=0.8, de"), ("If-None-Match", etag)])
        #expect(again.status == 304)
        #expect(again.body.isEmpty)
        #expect(again.header("ETag") == etag)

        let partner = try client.get("/partners/oeuvre-nationale-de-secours-grande-duchesse-charlotte")
        #expect(String(decoding: partner.body, as: UTF8.self).contains("Œuvre Nationale de Secours Grande-Duchesse Charlotte"))

        let bad = try client.get("/events?limit=500")
        #expect(bad.status == 400)
        #expect(bad.header("Content-Type") == "application/problem+json")
        #expect(try client.get("/events/nope").status == 404)
        #expect(await server.shutdown())
    }
}
