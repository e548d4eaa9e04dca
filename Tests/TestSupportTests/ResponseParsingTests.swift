import Testing
import TestSupport

/// The response parsing every test target's clients share: a test that trusts a client which misreads the wire
/// asserts nothing.
@Suite("test support: response parsing")
struct ResponseParsingTests {
    static func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

    @Test func headParsesStatusAndTrimsOptionalWhitespace() throws {
        let head = try #require(ResponseHead(Self.bytes("HTTP/1.1 404 Not Found\r\nContent-Type:  text/plain \t\r\nX-A:b")[...]))
        #expect(head.statusLine == "HTTP/1.1 404 Not Found")
        #expect(head.status == 404)
        #expect(head.header("content-type") == "text/plain", "RFC 9110 §5.5: OWS is not part of the value")
        #expect(head.header("X-A") == "b")
        #expect(!head.hasNoBody)
    }

    @Test(arguments: ["HTTP/1.1\r\n", "HTTP/1.1 abc OK", "HTTP/1.1 200 OK\r\nno colon here"])
    func malformedHeadsAreRefused(_ text: String) {
        #expect(ResponseHead(Self.bytes(text)[...]) == nil, "\(text)")
    }

    @Test(arguments: [(100, true), (204, true), (304, true), (200, false), (404, false)])
    func statusesWithoutABody(status: Int, none: Bool) throws {
        let head = try #require(ResponseHead(Self.bytes("HTTP/1.1 \(status) X")[...]))
        #expect(head.hasNoBody == none)
    }

    @Test func takeCutsOneCompleteResponseOffTheFront() throws {
        let first = "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello"
        let second = "HTTP/1.1 201 Created\r\nContent-Length: 2\r\n\r\nok"
        var buffer = Self.bytes(first + second)
        let reply = try #require(HTTPReply.take(from: &buffer))
        #expect(reply.status == 200 && reply.text == "hello")
        #expect(buffer == Self.bytes(second), "the next response stays for the next call")
        #expect(HTTPReply.take(from: &buffer)?.text == "ok")
        #expect(buffer.isEmpty)
    }

    @Test func takeWaitsForTheWholeHeadAndBody() {
        for partial in ["HTTP/1.1 200 OK\r\nContent-Length: 5\r\n", "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhel"] {
            var buffer = Self.bytes(partial)
            #expect(HTTPReply.take(from: &buffer) == nil)
            #expect(buffer == Self.bytes(partial), "nothing consumed from an incomplete response")
        }
    }

    @Test func byteSearch() {
        let bytes = Self.bytes("one\ntwo\nthree")
        #expect(bytes.firstOffset(of: Self.bytes("two")) == 4)
        #expect(bytes.contains("three") && !bytes.contains("four"))
        #expect(bytes.firstOffset(of: Self.bytes("three and more")) == nil)
        #expect(bytes.lineStarts == [0, 4, 8])
        #expect(Self.bytes("a\n").lineStarts == [0], "a final newline starts no line")
    }
}
