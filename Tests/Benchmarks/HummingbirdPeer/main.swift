// The Hummingbird 2 peer of `make bench`: serves every file under --root at its relative path, as nginx does in the
// same benchmarks, with the same bytes, `Content-Type: application/json` and an entity tag answered with 304 on a
// matching If-None-Match. Not part of Agora's package: `bench_support.hummingbird_peer()` writes a package around this
// file in .build/hummingbird-peer (Hummingbird from the machine's mirror) and builds it in release.
//
// Usage: HummingbirdPeer --port P --root DIR
import Foundation
import Hummingbird
import NIOCore

let arguments = CommandLine.arguments
func option(_ name: String) -> String? {
    guard let index = arguments.firstIndex(of: name), index + 1 < arguments.count else { return nil }
    return arguments[index + 1]
}
guard let port = option("--port").flatMap(Int.init), let root = option("--root") else {
    FileHandle.standardError.write(Data("usage: HummingbirdPeer --port P --root DIR\n".utf8))
    exit(2)
}

/// One file's response parts, built once at start (as nginx's open-file cache would hold them).
struct StaticFile: Sendable {
    let body: ByteBuffer
    let etag: String
}

var files: [String: StaticFile] = [:]
let enumerator = FileManager.default.enumerator(atPath: root)
while let relative = enumerator?.nextObject() as? String {
    guard let data = FileManager.default.contents(atPath: root + "/" + relative) else { continue }
    // FNV-1a of the bytes: any tag that changes with the content serves for a benchmark's If-None-Match.
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    for byte in data { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
    files["/" + relative] = StaticFile(body: ByteBuffer(bytes: data), etag: "\"\(String(hash, radix: 16))\"")
}
let served = files

let router = Router()
router.get("**") { request, _ -> Response in
    guard let file = served[request.uri.path] else { return Response(status: .notFound) }
    if request.headers[.ifNoneMatch] == file.etag {
        return Response(status: .notModified, headers: [.eTag: file.etag])
    }
    return Response(status: .ok, headers: [.contentType: "application/json", .eTag: file.etag],
                    body: ResponseBody(byteBuffer: file.body))
}
let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: port)))
try await app.runService()
