#if canImport(Glibc)
import Glibc
#endif

/// `--flag value` pairs after an `agora-bench` command (every flag takes a value). A malformed line is a usage error:
/// exit 2 with a message naming the command and the flag.
struct BenchFlags {
    let command: String
    private var values: [String: String] = [:]

    init(command: String, arguments: ArraySlice<String>) {
        self.command = command
        var rest = arguments
        while let flag = rest.popFirst() {
            guard flag.hasPrefix("--"), let value = rest.popFirst() else {
                BenchFlags.fail("\(command): expected --flag value pairs (see agora-bench --help)")
            }
            values[String(flag.dropFirst(2))] = value
        }
    }

    func optional(_ name: String) -> String? { values[name] }

    func required(_ name: String) -> String {
        guard let value = values[name] else { BenchFlags.fail("\(command): --\(name) is required") }
        return value
    }

    /// A positive whole number, `fallback` when absent.
    func number(_ name: String, _ fallback: Int) -> Int {
        guard let text = values[name] else { return fallback }
        guard let value = Int(text), value > 0 else { BenchFlags.fail("\(command): --\(name) must be a positive whole number") }
        return value
    }

    /// A port (0 binds any free one), nil when absent.
    func port(_ name: String) -> Int? {
        guard let text = values[name] else { return nil }
        guard let value = Int(text), (0...65535).contains(value) else { BenchFlags.fail("\(command): --\(name) must be a port") }
        return value
    }

    static func fail(_ message: String, status: Int32 = 2) -> Never {
        var line = "agora-bench: " + message + "\n"
        line.withUTF8 { _ = write(2, $0.baseAddress, $0.count) }
        exit(status)
    }
}
