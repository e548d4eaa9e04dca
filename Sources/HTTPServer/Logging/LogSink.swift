public import AgoraLogging

/// The engine's name for the log writer, kept so code that builds a server with `LogSink(level:fd:)` (the API and
/// TLS tests, the `agora` wiring) compiles unchanged; the writer itself lives in AgoraLogging so every module can
/// log through it.
public typealias LogSink = LogWriter
