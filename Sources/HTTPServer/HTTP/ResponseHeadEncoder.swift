/// Serialises a status line and header section (RFC 9112 §4, §5) into bytes, adding the headers every response
/// carries. The body is not copied here: the connection writes head and body together with one writev.
enum ResponseHeadEncoder {
    struct Framing {
        var keepAlive: Bool
        /// HTTP/1.0 clients get "Connection: keep-alive" when we keep the connection (RFC 9112 §9.3 / RFC 7230 A.1.2).
        var requestVersion: HTTPVersion
        var requestID: String
        var date: [UInt8]
        /// A held stream (`StreamedResponse`): no `Content-Length`; `Transfer-Encoding: chunked` when `chunked`,
        /// else the body ends with the connection (HTTP/1.0, RFC 9112 §6.3).
        var streamed = false
        var chunked = false
    }

    static let crlf: [UInt8] = [13, 10]

    static func encode(_ response: Response, framing: Framing, into out: inout [UInt8]) {
        out.reserveCapacity(out.count + 256)
        out.appendLiteral("HTTP/1.1 ")
        appendDecimal(response.status.code, to: &out)
        out.append(UInt8(ascii: " "))
        out.appendUTF8(response.status.reason)
        out.appendLiteral("\r\n")

        out.appendLiteral("Date: ")
        out.append(contentsOf: framing.date)
        out.appendLiteral("\r\n")
        // RFC 9110 §8.6: no Content-Length on 1xx/204; on 304 it would describe the selected representation, which we
        // don't know here, so it is omitted.
        if framing.streamed {
            if framing.chunked { out.appendLiteral("Transfer-Encoding: chunked\r\n") }
        } else if response.status.allowsBody {
            out.appendLiteral("Content-Length: ")
            appendDecimal(response.body.count, to: &out)
            out.appendLiteral("\r\n")
        }
        for (name, value) in response.headers {
            out.appendUTF8(name)
            out.appendLiteral(": ")
            out.appendUTF8(value)
            out.appendLiteral("\r\n")
        }
        out.appendLiteral("X-Request-Id: ")
        out.appendUTF8(framing.requestID)
        out.appendLiteral("\r\n")
        if !framing.keepAlive {
            out.appendLiteral("Connection: close\r\n")
        } else if framing.requestVersion == .http1_0 {
            out.appendLiteral("Connection: keep-alive\r\n")
        }
        out.appendLiteral("\r\n")
    }

    static let continueLine: [UInt8] = Array("HTTP/1.1 100 Continue\r\n\r\n".utf8)

    @inline(__always)
    static func appendDecimal(_ value: Int, to out: inout [UInt8]) {
        if value < 10 { out.append(UInt8(ascii: "0") + UInt8(value)); return }
        var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
            (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var n = value
        var count = 0
        withUnsafeMutableBytes(of: &digits) { raw in
            let buffer = raw.bindMemory(to: UInt8.self)
            while n > 0 && count < 20 {
                buffer[19 - count] = UInt8(ascii: "0") + UInt8(n % 10)
                n /= 10
                count += 1
            }
            // Typed, not raw: a raw buffer is appended byte by byte.
            out.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[(20 - count)...]))
        }
    }
}
