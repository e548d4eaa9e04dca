import AgoraStore
import FoundationEssentials
import Glibc

/// How the benchmarks measure and print: durations in seconds, fixed decimals, right-aligned columns, file sizes by
/// `stat` and memory from /proc/self/status.
enum Figures {
    static func seconds(_ duration: Duration) -> Double {
        let parts = duration.components
        return Double(parts.seconds) + Double(parts.attoseconds) / 1e18
    }

    static func megabytes(_ bytes: Int) -> String { format(Double(bytes) / 1_048_576, 1) + " MiB" }

    static func format(_ value: Double, _ decimals: Int) -> String {
        var scale = 1.0
        for _ in 0..<decimals { scale *= 10 }
        let rounded = (value * scale).rounded() / scale
        return decimals == 0 ? String(Int(rounded)) : String(rounded)
    }

    static func pad(_ value: some CustomStringConvertible, _ width: Int) -> String {
        let text = value.description
        return String(repeating: " ", count: max(0, width - text.count)) + text
    }

    /// The size of a file, by `stat` (reading it would add its size to the RSS being measured).
    static func fileSize(_ path: String) -> Int {
        var status = stat()
        return stat(path, &status) == 0 ? Int(status.st_size) : 0
    }

    /// A line of /proc/self/status such as `VmHWM:  123456 kB`, in MiB.
    static func memoryStatus(_ field: String) -> String {
        guard let bytes = try? PosixFileSystem().readFile("/proc/self/status") else { return "unknown" }
        for line in String(decoding: bytes, as: UTF8.self).split(separator: "\n") where line.hasPrefix(field + ":") {
            let kilobytes = line.split(separator: " ").compactMap { Int($0) }.first ?? 0
            return "\(kilobytes / 1024) MiB"
        }
        return "unknown"
    }

    /// Removes a benchmark's data directory and everything in it.
    static func removeDirectory(_ path: String) {
        try? FileManager.default.removeItem(atPath: path)
    }
}
