import Foundation
import Glibc

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
