import COpenSSL
import HTTPServer

/// `SSL_get_error` for a non-positive result, as something the session can act on.
enum TLSStatus: Equatable {
    /// OpenSSL needs more bytes from the peer.
    case wantRead
    /// OpenSSL wants to write and cannot (never with a memory BIO; handled like wantRead).
    case wantWrite
    /// The peer sent close_notify.
    case closedByPeer
    /// A fatal error; the message comes from the drained error queue.
    case failed(String)

    init(connection: OpaquePointer, result: Int32) {
        switch SSL_get_error(connection, result) {
        case SSL_ERROR_WANT_READ: self = .wantRead
        case SSL_ERROR_WANT_WRITE: self = .wantWrite
        case SSL_ERROR_ZERO_RETURN: self = .closedByPeer
        case SSL_ERROR_SSL: self = .failed(OpenSSLErrorQueue.drain())
        case SSL_ERROR_SYSCALL: self = .failed(OpenSSLErrorQueue.drain(fallback: "unexpected end of input"))
        case let code: self = .failed("SSL_get_error \(code): \(OpenSSLErrorQueue.drain())")
        }
    }

    var transportError: TransportError {
        switch self {
        case .closedByPeer: .closedByPeer
        case .failed(let message): .protocolViolation(message)
        case .wantRead, .wantWrite: .protocolViolation("TLS operation stalled")
        }
    }
}
