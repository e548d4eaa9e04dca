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
