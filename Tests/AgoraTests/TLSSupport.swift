import Foundation
import Glibc
import TestSupport

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
