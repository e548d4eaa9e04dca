/// The seam between a socket and the HTTP layer: identity for plain TCP (no transport object at all, the
/// fast path), TLS for HTTPS. A transport never touches the socket: the connection reads bytes and hands
/// them in, and writes whatever the transport hands back, so TLS runs over memory buffers and the parser,
/// router and handlers do not know which transport carried a request.
///
/// A transport is owned by one connection and used only on that connection's event loop.
public protocol ConnectionTransport: AnyObject {
    /// Bytes read from the socket. Appends the application bytes they yield to `plaintext`, and bytes that
    /// must go back to the peer (handshake records, alerts) to `reply`.
    func unwrap(_ input: UnsafeRawBufferPointer, into plaintext: inout [UInt8], reply: inout [UInt8]) throws(TransportError)

    /// Application bytes to send. Appends what goes on the wire to `output`.
    func wrap(_ plaintext: UnsafeRawBufferPointer, into output: inout [UInt8]) throws(TransportError)

    /// True until the handshake has finished; the connection applies the handshake timeout meanwhile.
    var isHandshaking: Bool { get }

    /// Appends a graceful close (TLS close_notify) to `output`.
    func shutdown(into output: inout [UInt8])

    /// The negotiated protocol ("TLSv1.3") once the handshake is done, for the access log; nil otherwise.
    var protocolVersion: String? { get }
}

extension ConnectionTransport {
    public var protocolVersion: String? { nil }
}

/// Makes one transport per accepted connection (e.g. a TLS session from the current certificate).
public protocol TransportFactory: Sendable {
    func makeTransport() throws(TransportError) -> any ConnectionTransport
}

/// Why a transport gave up; the connection closes without an HTTP response.
public enum TransportError: Error, Equatable, Sendable {
    /// The peer sent bytes that are not a valid record/handshake (e.g. plaintext HTTP to the TLS port).
    case protocolViolation(String)
    /// The peer closed the session cleanly (TLS close_notify).
    case closedByPeer
    /// The transport could not be set up (e.g. no certificate loaded).
    case unavailable(String)
}
