public import Logging

/// A swift-log handler that writes each record as one JSON line through a `LogWriter`, in the shape operators
/// already parse (Docs/operations.md): `time`, `level`, `msg`, then the metadata fields in name order (strings stay
/// strings, so `"from":"48"`), then `label`.
public struct JSONLineLogHandler: LogHandler {
    public let label: String
    private let writer: LogWriter
    public var logLevel: Logger.Level
    public var metadata: Logger.Metadata = [:]
    public var metadataProvider: Logger.MetadataProvider?

    public init(label: String, writer: LogWriter, metadataProvider: Logger.MetadataProvider? = nil) {
        self.label = label
        self.writer = writer
        logLevel = writer.level
        self.metadataProvider = metadataProvider
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var fields = metadata
        if let provided = metadataProvider?.get() { fields.merge(provided) { _, new in new } }
        if let own = event.metadata { fields.merge(own) { _, new in new } }
        if let error = event.error { fields["error"] = .string(String(describing: error)) }
        var time = TimestampCache()
        time.refresh()
        var line: [UInt8] = []
        line.reserveCapacity(256)
        JSONLine.appendOpening(time: time, level: event.level, message: event.message.description, to: &line)
        for (name, value) in fields.sorted(by: { $0.key < $1.key }) {
            JSONLine.appendName(name, to: &line)
            JSONLine.appendValue(value, to: &line)
        }
        JSONLine.appendName("label", to: &line)
        JSONLine.appendValue(.string(label), to: &line)
        JSONLine.appendClosing(to: &line)
        writer.submit(line)
    }
}
