import COpenSSL

/// OpenSSL's per-thread error queue. Event-loop threads serve many connections in turn, so an error left
/// behind by one session would be reported by the next unrelated call on that thread: every failure path
/// drains the queue into a message, and every operation whose result is judged by `SSL_get_error` starts
/// from an empty queue (as `SSL_get_error(3)` requires).
enum OpenSSLErrorQueue {
    /// Empties the queue without reading it.
    static func clear() {
        ERR_clear_error()
    }

    /// Empties the queue and returns its entries, oldest first, joined with "; " (or `fallback` when the
    /// queue was empty, so a message is never blank).
    static func drain(fallback: String = "no detail from OpenSSL") -> String {
        var messages: [String] = []
        while true {
            let code = ERR_get_error()
            if code == 0 { break }
            messages.append(describe(code))
        }
        return messages.isEmpty ? fallback : messages.joined(separator: "; ")
    }

    /// "library: reason" for one packed error code, e.g. "SSL routines: wrong version number".
    private static func describe(_ code: UInt) -> String {
        let reason = ERR_reason_error_string(code).map { String(cString: $0) }
        let library = ERR_lib_error_string(code).map { String(cString: $0) }
        switch (library, reason) {
        case let (library?, reason?): return "\(library): \(reason)"
        case let (nil, reason?): return reason
        default:
            // Unknown codes still get OpenSSL's own hex rendering rather than nothing.
            var buffer = [CChar](repeating: 0, count: 256)
            ERR_error_string_n(code, &buffer, buffer.count)
            return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        }
    }
}
