// A swift-log handler that keeps every line, so tests can assert what the store logged.
import Logging
import Synchronization

final class LogRecording: Sendable {
    struct Line: Sendable {
        let level: Logger.Level
        let message: String
        let metadata: [String: String]
    }

    private let lines = Mutex<[Line]>([])

    var all: [Line] { lines.withLock { $0 } }

    func lines(_ message: String) -> [Line] { all.filter { $0.message == message } }

    func append(_ line: Line) { lines.withLock { $0.append(line) } }

    var logger: Logger {
        Logger(label: "agora.store.test") { _ in Handler(recording: self) }
    }

    struct Handler: LogHandler {
        let recording: LogRecording
        var metadata: Logger.Metadata = [:]
        var metadataProvider: Logger.MetadataProvider?
        var logLevel: Logger.Level = .trace

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            let merged = metadata.merging(event.metadata ?? [:]) { $1 }
            recording.append(.init(level: event.level, message: event.message.description,
                                   metadata: merged.mapValues { "\($0)" }))
        }
    }
}
