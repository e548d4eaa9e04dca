/// A raw TCP client for engine tests: it writes exact bytes and reads exact bytes, so tests see what the server put
/// on the wire (no HTTP library in between to tidy things up). Every read waits up to a deadline, so a server that
/// fails to answer fails the test instead of hanging it.
/// @unchecked Sendable: a test hands a client to one writer thread while the test thread only reads; the fd is
/// immutable and `buffer` is touched by the reading side alone.
public final class RawClient: SocketClient, @unchecked Sendable {
    private var buffer: [UInt8] = []

    public func send(_ text: String) throws { try sendRaw(Array(text.utf8)) }

    public func send(_ bytes: [UInt8]) throws { try sendRaw(bytes) }

    /// Reads more bytes into the buffer; false on EOF. Throws on timeout.
    @discardableResult
    private func fill(timeout: Duration, what: String) throws -> Bool {
        guard wait(timeout) else { throw SocketFailure(call: "timed out waiting for \(what)") }
        guard let bytes = try receiveRaw(timeout: timeout) else { return false }
        buffer += bytes
        return true
    }

    /// Reads one response: a Content-Length body, or one read to the close; `head: true` for HEAD.
    public func readResponse(head: Bool = false, timeout: Duration = .seconds(5)) throws -> RawResponse {
        var end = ResponseHead.end(in: buffer)
        while end == nil {
            guard try fill(timeout: timeout, what: "response head") else {
                throw SocketFailure(call: "connection closed while waiting for response head (\(buffer.count) bytes so far)")
            }
            end = ResponseHead.end(in: buffer)
        }
        let headEnd = end ?? 0
        guard let parsed = ResponseHead(buffer[..<headEnd]) else {
            throw SocketFailure(call: "malformed response: \(String(decoding: buffer[..<headEnd], as: UTF8.self))")
        }
        buffer.removeFirst(headEnd + 4)
        var response = RawResponse(statusLine: parsed.statusLine, status: parsed.status,
                                   headers: parsed.headers.map { ($0.name, $0.value) }, body: [])
        if head || parsed.hasNoBody { return response }
        if let length = response.header("Content-Length").flatMap(Int.init) {
            while buffer.count < length {
                guard try fill(timeout: timeout, what: "body") else { throw SocketFailure(call: "connection closed in the body") }
            }
            response.body = Array(buffer[..<length])
            buffer.removeFirst(length)
        } else {
            while try fill(timeout: timeout, what: "body until close") {}
            response.body = buffer
            buffer = []
        }
        return response
    }

    /// True when the server closed the connection (EOF or reset) within `timeout` with no further bytes.
    public func waitForClose(timeout: Duration = .seconds(5)) throws -> Bool {
        while true {
            guard try fill(timeout: timeout, what: "close") else { return buffer.isEmpty }
        }
    }

    /// True when nothing arrives within `window` (used only to show something did NOT happen).
    public func staysSilent(for window: Duration) -> Bool {
        !wait(window) && buffer.isEmpty
    }

    /// Bytes received but not yet consumed as a response.
    public var unread: [UInt8] { buffer }
}
