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
        out.append(contentsOf: "HTTP/1.1 ".utf8)
        appendDecimal(response.status.code, to: &out)
        out.append(UInt8(ascii: " "))
        out.append(contentsOf: response.status.reason.utf8)
        out.append(contentsOf: crlf)

        out.append(contentsOf: "Date: ".utf8)
        out.append(contentsOf: framing.date)
        out.append(contentsOf: crlf)
        // RFC 9110 §8.6: no Content-Length on 1xx/204; on 304 it would describe the selected representation, which we
        // don't know here, so it is omitted.
        if framing.streamed {
            if framing.chunked { out.append(contentsOf: "Transfer-Encoding: chunked\r\n".utf8) }
        } else if response.status.allowsBody {
            out.append(contentsOf: "Content-Length: ".utf8)
            appendDecimal(response.body.count, to: &out)
            out.append(contentsOf: crlf)
        }
        for (name, value) in response.headers {
            out.append(contentsOf: name.utf8)
            out.append(contentsOf: ": ".utf8)
            out.append(contentsOf: value.utf8)
            out.append(contentsOf: crlf)
        }
        out.append(contentsOf: "X-Request-Id: ".utf8)
        out.append(contentsOf: framing.requestID.utf8)
        out.append(contentsOf: crlf)
        if !framing.keepAlive {
            out.append(contentsOf: "Connection: close\r\n".utf8)
        } else if framing.requestVersion == .http1_0 {
            out.append(contentsOf: "Connection: keep-alive\r\n".utf8)
        }
        out.append(contentsOf: crlf)
    }

    static let continueLine: [UInt8] = Array("HTTP/1.1 100 Continue\r\n\r\n".utf8)

    @inline(__always)
    static func appendDecimal(_ value: Int, to out: inout [UInt8]) {
        if value < 10 { out.append(UInt8(ascii: "0") + UInt8(value)); return }
        var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
            (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var n = value
        var count = 0
        withUnsafeMutableBytes(of: &digits) { buffer in
            while n > 0 && count < 20 {
                buffer[19 - count] = UInt8(ascii: "0") + UInt8(n % 10)
                n /= 10
                count += 1
            }
            out.append(contentsOf: buffer[(20 - count)...])
        }
    }
}
