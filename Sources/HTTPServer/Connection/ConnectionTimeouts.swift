/// The four connection timeouts (and the TLS handshake's). Defaults follow the issue: a client gets 10 s to send a
/// complete header section, 30 s for a body, 60 s idle between keep-alive requests, 30 s to read our response.
public struct ConnectionTimeouts: Sendable, Equatable {
    public var header: Duration
    public var body: Duration
    public var idle: Duration
    public var write: Duration
    public var handshake: Duration

    public init(header: Duration = .seconds(10), body: Duration = .seconds(30), idle: Duration = .seconds(60),
                write: Duration = .seconds(30), handshake: Duration = .seconds(10)) {
        self.header = header
        self.body = body
        self.idle = idle
        self.write = write
        self.handshake = handshake
    }

    /// How often a loop checks deadlines: a quarter of the shortest timeout, between 10 ms and 1 s.
    var tickInterval: Duration {
        let shortest = [header, body, idle, write, handshake].min() ?? .seconds(1)
        return min(max(shortest / 4, .milliseconds(10)), .seconds(1))
    }
}
