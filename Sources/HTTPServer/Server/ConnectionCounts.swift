/// How many open connections are in each phase, as nginx's `stub_status` counts them: reading a request, answering
/// one (handler running or response still being written), or waiting idle for the next request on a keep-alive
/// connection. For monitoring, and for tests that must know the server has seen bytes before acting on it.
public struct ConnectionCounts: Sendable, Equatable, CustomStringConvertible {
    public var reading = 0
    public var writing = 0
    public var waiting = 0

    public init(reading: Int = 0, writing: Int = 0, waiting: Int = 0) {
        self.reading = reading
        self.writing = writing
        self.waiting = waiting
    }

    public var total: Int { reading + writing + waiting }

    public static func + (left: Self, right: Self) -> Self {
        Self(reading: left.reading + right.reading, writing: left.writing + right.writing,
             waiting: left.waiting + right.waiting)
    }
    public var description: String { "reading \(reading), writing \(writing), waiting \(waiting)" }
}
