import Foundation
import Glibc

/// Certificates made with the `openssl` command, in a temp dir of their own.
struct TestCertificates {
    let directory = AgoraProcess.temporaryDirectory("tls")

    /// A self-signed P-256 certificate for `commonName` (also its DNS name); returns (certificate, key) paths.
    @discardableResult
    func make(commonName: String) throws -> (certificate: String, key: String) {
        let certificate = "\(directory)/\(commonName).crt"
        let key = "\(directory)/\(commonName).key"
        let result = try runTool("/usr/bin/openssl", [
            "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "1",
            "-subj", "/CN=\(commonName)", "-addext", "subjectAltName=DNS:\(commonName)",
            "-keyout", key, "-out", certificate,
        ])
        guard result.status == 0 else { throw AgoraProcess.ProcessError.spawn(result.status) }
        return (certificate, key)
    }

    /// Replaces `destination` by a copy of `source` with a rename, as a deploy tool does before SIGHUP.
    func install(_ source: String, as destination: String) throws {
        let data = try Data(contentsOf: URL(fileURLWithPath: source))
        try data.write(to: URL(fileURLWithPath: destination), options: .atomic)
    }
}

/// Runs a tool to completion; returns its status and output.
@discardableResult
func runTool(_ executable: String, _ arguments: [String]) throws -> (status: Int32, stdout: String, stderr: String) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    let output = Pipe()
    let errors = Pipe()
    process.standardOutput = output
    process.standardError = errors
    process.standardInput = FileHandle.nullDevice
    try process.run()
    let stdout = output.fileHandleForReading.readDataToEndOfFile()
    let stderr = errors.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: stdout, as: UTF8.self), String(decoding: stderr, as: UTF8.self))
}

/// curl over HTTPS to `localhost:port` (resolved to 127.0.0.1), trusting `certificate`; `-v` so the transcript shows
/// the TLS version, the certificate subject and connection reuse.
func curlHTTPS(port: Int, certificate: String, paths: [String], extra: [String] = []) throws
    -> (status: Int32, stdout: String, stderr: String) {
    try runTool("/usr/bin/curl", ["-sS", "-v", "-i", "--max-time", "10", "--cacert", certificate,
                                  "--resolve", "localhost:\(port):127.0.0.1"] + extra
                + paths.map { "https://localhost:\(port)\($0)" })
}

extension AgoraProcess {
    /// The TLS port from the "listening" log line ("127.0.0.1:PORT (tls)").
    func tlsListeningPort() -> Int? {
        guard let line = waitForLine(containing: "\"msg\":\"listening\""),
              let tls = line.firstRange(of: " (tls)") else { return nil }
        let digits = line[..<tls.lowerBound].reversed().prefix { $0.isNumber }
        return Int(String(digits.reversed()))
    }

    /// Lines of stdout containing `text`, for counting repeated events (reloads).
    func lines(containing text: String) -> Int {
        stdout.split(separator: "\n").filter { $0.contains(text) }.count
    }
}

/// `openssl s_client -quiet` holding one TLS connection open: the test writes requests to its stdin and reads the
/// responses from its stdout, so one connection can outlive a certificate reload.
final class OpenSSLClientProcess {
    private let process = Process()
    private let input = Pipe()
    private let output = Pipe()
    private var received = ""

    init(port: Int, certificate: String) throws {
        process.executableURL = URL(fileURLWithPath: "/usr/bin/openssl")
        process.arguments = ["s_client", "-quiet", "-connect", "127.0.0.1:\(port)", "-servername", "localhost",
                             "-CAfile", certificate, "-verify_return_error"]
        process.standardInput = input
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
    }

    deinit {
        if process.isRunning { process.terminate() }
    }

    func send(_ text: String) {
        input.fileHandleForWriting.write(Data(text.utf8))
    }

    /// Waits (poll on the pipe, bounded) until everything received so far contains `text` `count` times.
    func waitFor(_ text: String, count: Int = 1, timeout: Duration = .seconds(10)) -> Bool {
        let deadline = AgoraProcess.now() + Double(timeout.components.seconds)
        let fd = output.fileHandleForReading.fileDescriptor
        while received.components(separatedBy: text).count - 1 < count {
            let remaining = Int32(max(0, (deadline - AgoraProcess.now()) * 1000))
            var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            guard remaining > 0, poll(&poller, 1, remaining) > 0 else { return false }
            var chunk = [UInt8](repeating: 0, count: 16_384)
            let n = read(fd, &chunk, chunk.count)
            guard n > 0 else { return false }
            received += String(decoding: chunk[..<n], as: UTF8.self)
        }
        return true
    }
}
