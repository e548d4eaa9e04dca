import COpenSSL
#if canImport(Glibc)
import Glibc
#endif

/// One TLS connection over a connected non-blocking socket: handshake, writes and reads, each waiting with the
/// caller's deadline when OpenSSL wants the socket readable or writable.
public final class TLSClientSession {
    private let ssl: OpaquePointer

    public init(context: TLSClientContext, fd: Int32, host: String) throws(OutboundError) {
        guard let ssl = SSL_new(context.context) else { throw .tls(TLSClientContext.lastError("SSL_new")) }
        self.ssl = ssl
        SSL_set_fd(ssl, fd)
        // The name the certificate must carry (RFC 6125 §6); SNI only for names, never IP literals (RFC 6066 §3).
        let isLiteral = host.contains(":") || host.allSatisfy { $0.isNumber || $0 == "." }
        if isLiteral {
            X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(ssl), host)
        } else {
            SSL_set1_host(ssl, host)
            _ = agora_SSL_set_tlsext_host_name(ssl, host)
        }
    }

    deinit { SSL_free(ssl) }

    public func handshake(fd: Int32, deadline: Double, wait: (Int32, Int16, Double) throws(OutboundError) -> Void) throws(OutboundError) {
        while true {
            let result = SSL_connect(ssl)
            if result == 1 { return }
            try proceed(result, fd: fd, deadline: deadline, wait: wait, step: "handshake")
        }
    }

    public func write(_ bytes: [UInt8], fd: Int32, deadline: Double, wait: (Int32, Int16, Double) throws(OutboundError) -> Void) throws(OutboundError) {
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { SSL_write(ssl, $0.baseAddress, Int32($0.count)) }
            if written > 0 { offset += Int(written); continue }
            try proceed(written, fd: fd, deadline: deadline, wait: wait, step: "write")
        }
    }

    /// Some bytes, or empty at the peer's close.
    public func read(fd: Int32, deadline: Double, wait: (Int32, Int16, Double) throws(OutboundError) -> Void) throws(OutboundError) -> [UInt8] {
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = buffer.withUnsafeMutableBytes { SSL_read(ssl, $0.baseAddress, Int32($0.count)) }
            if count > 0 { return Array(buffer[0..<Int(count)]) }
            if SSL_get_error(ssl, count) == SSL_ERROR_ZERO_RETURN { return [] }
            try proceed(count, fd: fd, deadline: deadline, wait: wait, step: "read")
        }
    }

    private func proceed(_ result: Int32, fd: Int32, deadline: Double, wait: (Int32, Int16, Double) throws(OutboundError) -> Void,
                       step: String) throws(OutboundError) {
        switch SSL_get_error(ssl, result) {
        case SSL_ERROR_WANT_READ: try wait(fd, Int16(POLLIN), deadline)
        case SSL_ERROR_WANT_WRITE: try wait(fd, Int16(POLLOUT), deadline)
        default:
            let verification = SSL_get_verify_result(ssl)
            if verification != X509_V_OK {
                ERR_clear_error()
                throw .tls("certificate not trusted: " + String(cString: X509_verify_cert_error_string(verification)))
            }
            throw .tls(TLSClientContext.lastError("TLS \(step) failed"))
        }
    }
}
