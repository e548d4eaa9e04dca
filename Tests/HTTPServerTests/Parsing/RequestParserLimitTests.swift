// The limits at their exact boundaries, and the linear cost of heads fed one byte at a time.
@testable import HTTPServer
import Testing

@Suite struct RequestParserLimitTests {
    /// A request line of exactly `length` bytes (without CRLF).
    static func requestLine(length: Int) -> String {
        let prefix = "GET /", suffix = " HTTP/1.1"
        return prefix + String(repeating: "a", count: length - prefix.count - suffix.count) + suffix
    }

    @Test func requestLineAtTheLimitIsAccepted() {
        let bytes = [UInt8](message: Self.requestLine(length: 8192) + "\r\nHost: a\r\n\r\n")
        #expect(Feeder.parse(bytes).head?.target.path.utf8.count == 8192 - 13)
    }

    @Test func requestLineOneOverTheLimitIs414() {
        let bytes = [UInt8](message: Self.requestLine(length: 8193) + "\r\nHost: a\r\n\r\n")
        #expect(Feeder.parse(bytes) == .failed(.requestLineTooLong))
        #expect(HTTPParseError.requestLineTooLong.status == 414)
    }

    @Test func requestLineFailsBeforeItsEndArrives() {
        let limits = ParserLimits(maxRequestLineLength: 100)
        // Content of 100 bytes and a CR may still end well; one more byte cannot.
        let waiting = [UInt8](message: "GET /" + String(repeating: "a", count: 95) + "\r")
        #expect(Feeder.parse(waiting, limits: limits) == .needMore)
        let over = [UInt8](message: "GET /" + String(repeating: "a", count: 97))
        #expect(Feeder.parse(over, limits: limits) == .failed(.requestLineTooLong))
    }

    @Test func headerSectionFailsAsSoonAsItIsExceeded() {
        let limits = ParserLimits(maxHeaderSectionSize: 64)
        let start = "GET / HTTP/1.1\r\nHost: a\r\n"
        let filler = String(repeating: "x", count: 64 - 9 - 8)  // "Host: a\r\n" is 9, "X-F: " + CRLF + CRLF is 9
        // Exactly 64 bytes with its blank line: accepted.
        let exact = [UInt8](message: start + "X-F: " + filler.dropLast() + "\r\n\r\n")
        #expect(Feeder.parse(exact, limits: limits).head != nil)
        let oneOver = [UInt8](message: start + "X-F: " + filler + "\r\n\r\n")
        #expect(Feeder.parse(oneOver, limits: limits) == .failed(.headerSectionTooLarge))
        // One byte more, and no line end in sight: 431 without waiting for the rest.
        let unfinished = [UInt8](message: start + "X-F: " + filler + String(repeating: "y", count: 20))
        #expect(Feeder.parse(unfinished, limits: limits) == .failed(.headerSectionTooLarge))
    }

    @Test func headerCountLimit() {
        func request(fields: Int) -> [UInt8] {
            var text = "GET / HTTP/1.1\r\nHost: a\r\n"
            for index in 1..<fields { text += "X-\(index): v\r\n" }
            return [UInt8](message: text + "\r\n")
        }
        #expect(Feeder.parse(request(fields: 100)).head?.headers.count == 100)
        #expect(Feeder.parse(request(fields: 101)) == .failed(.tooManyHeaders))
        #expect(HTTPParseError.tooManyHeaders.status == 431)
    }

    /// A header section of `size` bytes (request line excluded, blank line included) in 100-byte fields.
    static func longHead(headerSectionSize size: Int) -> [UInt8] {
        var text = "GET / HTTP/1.1\r\nHost: a\r\n"
        var remaining = size - 9 - 2
        var index = 0
        while remaining > 0 {
            let length = min(remaining, 1000)
            let name = "X-\(index % 10): "
            let valueLength = length - name.utf8.count - 2
            guard valueLength > 0 else { break }
            text += name + String(repeating: "v", count: valueLength) + "\r\n"
            remaining -= length
            index += 1
        }
        return [UInt8](message: text + "\r\n")
    }

    /// Linear scanning: 31 KiB of headers arriving one byte per call parse in about as many steps as bytes.
    /// A parser that re-scanned its buffer on every call would do ~500 million byte reads here.
    @Test func longHeaderSectionFedByteByByteCompletes() throws {
        let bytes = Self.longHead(headerSectionSize: 31 * 1024)
        let outcome = Feeder.byteByByte(bytes)
        let head = try #require(outcome.head)
        #expect(head.headers.count > 30)
        #expect(outcome == .complete(head, headLength: bytes.count))
    }

    /// The same, counted: fed one byte per call, every byte is searched for a line end exactly once.
    @Test func noByteIsSearchedTwice() {
        let bytes = Self.longHead(headerSectionSize: 31 * 1024)
        var parser = RequestParser()
        let outcome = Feeder.parse(bytes, cuts: Array(1..<bytes.count), with: &parser)
        #expect(outcome.head != nil)
        #expect(parser.searchedByteCount == bytes.count)
    }

    @Test func headerSectionOver32KiBFedByteByByteIs431() {
        #expect(Feeder.byteByByte(Self.longHead(headerSectionSize: 33 * 1024)) == .failed(.headerSectionTooLarge))
    }
}
