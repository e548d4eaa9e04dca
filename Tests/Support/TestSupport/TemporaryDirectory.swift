// Real files in a fresh temporary directory per test.
import Foundation

/// A fresh directory made with mkdtemp, removed when the value goes away. `make(_:)` makes one that stays, for
/// tests whose child processes write there and whose failures are read afterwards.
public final class TemporaryDirectory: Sendable {
    public let path: String

    public init(prefix: String = "agora-store") {
        path = Self.make(prefix, in: NSTemporaryDirectory())
    }

    /// A new directory `<parent>/<name>-XXXXXX` that is not removed.
    public static func make(_ name: String, in parent: String = "/tmp/") -> String {
        let base = parent.hasSuffix("/") ? parent : parent + "/"
        var template = Array((base + name + "-XXXXXX").utf8CString)
        let created = template.withUnsafeMutableBufferPointer { buffer in buffer.baseAddress.flatMap { mkdtemp($0) } }
        precondition(created != nil, "mkdtemp failed: errno \(errno)")
        return String(decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// The data directory inside it (the store creates it).
    public var data: String { path + "/data" }

    public func file(_ name: String) -> String { data + "/" + name }

    public func read(_ name: String) throws -> [UInt8] {
        Array(try Data(contentsOf: URL(fileURLWithPath: file(name))))
    }

    public func write(_ name: String, _ bytes: [UInt8]) throws {
        try Data(bytes).write(to: URL(fileURLWithPath: file(name)))
    }

    /// Every byte of every file in the data directory, to prove something is gone from disk.
    public func allDataBytes() throws -> [UInt8] {
        try FileManager.default.contentsOfDirectory(atPath: data).flatMap { try read($0) }
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }
}
