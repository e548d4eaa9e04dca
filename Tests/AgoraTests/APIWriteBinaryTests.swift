import Glibc
import Testing

/// The write side through the real binary: `AGORA_ADMIN_TOKEN` admits, a partner created over HTTP is still there
/// after a restart, and the log never shows the token or a registrant.
@Suite("API writes with the real binary")
struct APIWriteBinaryTests {
    @Test func adminTokenFromTheEnvironmentWritesDurably() throws {
        let directory = AgoraProcess.temporaryDirectory("writes")
        let token = "env-admin-token-\(getpid())-binary-test"
        let environment = ["AGORA_ADMIN_TOKEN": token]
        let first = try AgoraProcess(["serve", "--port", "0", "--data-dir", directory + "/data"], environment: environment)
        let port = try #require(first.listeningPort(), "\(first.stderr)")
        let refused = httpExchange(port: port, method: "POST", path: "/partners", headers: [],
                                   body: #"{"name":"Binary Partner"}"#)
        #expect(refused?.status == 401)
        let created = httpExchange(port: port, method: "POST", path: "/partners",
                                   headers: [("Authorization", "Bearer \(token)")], body: #"{"name":"Binary Partner"}"#)
        #expect(created?.status == 201)
        #expect(created?.body.contains("\"id\":\"binary-partner\"") == true)
        first.signal(SIGTERM)
        #expect(first.wait() == 0)
        #expect(!first.stdout.contains(token) && !first.stderr.contains(token))

        let second = try AgoraProcess(["serve", "--port", "0", "--data-dir", directory + "/data"])
        let secondPort = try #require(second.listeningPort(), "\(second.stderr)")
        #expect(httpGet(port: secondPort, path: "/partners/binary-partner")?.status == 200)
        let unauthorised = httpExchange(port: secondPort, method: "DELETE", path: "/partners/binary-partner",
                                        headers: [("Authorization", "Bearer \(token)")], body: nil)
        #expect(unauthorised?.status == 401, "without AGORA_ADMIN_TOKEN that token is nobody's")
        second.signal(SIGTERM)
        #expect(second.wait() == 0)
    }
}

/// One request over a fresh connection with `Connection: close`; the status and body, or nil on a socket error.
func httpExchange(port: Int, method: String, path: String, headers: [(String, String)], body: String?)
    -> (status: Int, body: String)? {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
    guard fd >= 0 else { return nil }
    defer { close(fd) }
    var timeout = timeval(tv_sec: 5, tv_usec: 0)
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = in_port_t(UInt16(port).bigEndian)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    let rc = withUnsafePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
    }
    guard rc == 0 else { return nil }
    var text = "\(method) \(path) HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n"
    for (name, value) in headers { text += "\(name): \(value)\r\n" }
    if let body { text += "Content-Type: application/json\r\nContent-Length: \(body.utf8.count)\r\n\r\n\(body)" } else {
        text += "\r\n"
    }
    let request = Array(text.utf8)
    guard request.withUnsafeBytes({ send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }) == request.count else {
        return nil
    }
    var response: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 65536)
    while true {
        let n = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
        if n <= 0 { break }
        response.append(contentsOf: chunk[..<n])
    }
    let reply = String(decoding: response, as: UTF8.self)
    guard let statusText = reply.split(separator: " ", maxSplits: 2).dropFirst().first, let status = Int(statusText) else {
        return nil
    }
    return (status, reply.firstRange(of: "\r\n\r\n").map { String(reply[$0.upperBound...]) } ?? "")
}
