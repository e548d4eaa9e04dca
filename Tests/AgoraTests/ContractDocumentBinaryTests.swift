import Foundation
import Glibc
import Testing
import TestSupport

/// The OpenAPI documents are read once when `agora serve` starts (the API module knows no files): a file removed
/// afterwards is still served, with the same ETag, until a restart.
@Suite("OpenAPI documents with the real binary")
struct ContractDocumentBinaryTests {
    @Test func documentsAreReadOnceAtStart() throws {
        let directory = AgoraProcess.temporaryDirectory("docs")
        let docs = directory + "/docs"
        #expect(mkdir(docs, 0o755) == 0)
        let yaml = "openapi: 3.1.0\ninfo:\n  title: Agora\n"
        try Data(yaml.utf8).write(to: URL(fileURLWithPath: docs + "/openapi.yaml"))
        let server = try AgoraProcess(["serve", "--port", "0", "--data-dir", directory + "/data", "--docs-dir", docs])
        let port = try #require(server.listeningPort(), "\(server.stderr)")
        let first = try HTTPReply.get(port: port, "/openapi.yaml")
        #expect(first.status == 200)
        #expect(first.text == yaml)
        #expect(httpGet(port: port, path: "/openapi.json")?.status == 404, "absent at start")

        #expect(unlink(docs + "/openapi.yaml") == 0)
        try Data("{}".utf8).write(to: URL(fileURLWithPath: docs + "/openapi.json"))
        let again = try HTTPReply.get(port: port, "/openapi.yaml")
        #expect(again.status == 200)
        #expect(again.text == yaml)
        #expect(again.header("ETag") == first.header("ETag"))
        #expect(httpGet(port: port, path: "/openapi.json")?.status == 404, "created after start: served after a restart")
        server.signal(SIGTERM)
        #expect(server.wait() == 0)
    }
}
