/// Which deadline closed a connection (`http_server_timeouts_total{kind}`): the settings of `ConnectionTimeouts`.
enum TimeoutKind: String, Sendable, CaseIterable {
    case handshake, header, body, idle, write, linger
}
