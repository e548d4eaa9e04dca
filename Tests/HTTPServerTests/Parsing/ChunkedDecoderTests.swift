// The chunked body decoder (RFC 9112 §7.1): a table of bodies and errors, each whole, byte by byte and in
// random splits.
import HTTPServer
import Testing

struct ChunkedCase: Sendable, CustomTestStringConvertible {
    enum Expected: Sendable, Equatable {
        case body(String)
        case error(HTTPParseError)
    }

    var name: String
    var input: String
    var expected: Expected
    var maxBodySize = 1 << 20
    var maxTrailerSize = 32768

    var testDescription: String { name }

    static let valid: [ChunkedCase] = [
        ChunkedCase(name: "one chunk", input: "5\r\nhello\r\n0\r\n\r\n", expected: .body("hello")),
        ChunkedCase(name: "several chunks", input: "4\r\nWiki\r\n5\r\npedia\r\nE\r\n in\r\n\r\nchunks.\r\n0\r\n\r\n", expected: .body("Wikipedia in\r\n\r\nchunks.")),
        ChunkedCase(name: "hex sizes in either case", input: "a\r\n0123456789\r\nB\r\nabcdefghijk\r\n0\r\n\r\n", expected: .body("0123456789abcdefghijk")),
        ChunkedCase(name: "empty body", input: "0\r\n\r\n", expected: .body("")),
        ChunkedCase(name: "leading zeros", input: "0005\r\nhello\r\n000\r\n\r\n", expected: .body("hello")),
        ChunkedCase(name: "sixteen digits", input: "0000000000000005\r\nhello\r\n0\r\n\r\n", expected: .body("hello")),
        ChunkedCase(name: "extensions ignored", input: "5;name=value\r\nhello\r\n0;last;q=\"a b\"\r\n\r\n", expected: .body("hello")),
        ChunkedCase(name: "whitespace before an extension", input: "5 \t; ext\r\nhello\r\n0\r\n\r\n", expected: .body("hello")),
        ChunkedCase(name: "trailers skipped", input: "5\r\nhello\r\n0\r\nX-Checksum: abc\r\nX-Other: d\r\n\r\n", expected: .body("hello")),
        ChunkedCase(name: "body at the limit", input: "5\r\nhello\r\n3\r\nabc\r\n0\r\n\r\n", expected: .body("helloabc"), maxBodySize: 8),
        ChunkedCase(name: "CRLF inside data is data", input: "4\r\n\r\n\r\n\r\n0\r\n\r\n", expected: .body("\r\n\r\n")),
    ]

    static let invalid: [ChunkedCase] = [
        ChunkedCase(name: "not hex", input: "x\r\nhello\r\n", expected: .error(.invalidChunkSize)),
        ChunkedCase(name: "negative", input: "-5\r\nhello\r\n", expected: .error(.invalidChunkSize)),
        ChunkedCase(name: "signed", input: "+5\r\nhello\r\n", expected: .error(.invalidChunkSize)),
        ChunkedCase(name: "0x prefix", input: "0x5\r\nhello\r\n", expected: .error(.invalidChunkSize)),
        ChunkedCase(name: "empty size", input: "\r\nhello\r\n", expected: .error(.invalidChunkSize)),
        ChunkedCase(name: "extension without size", input: ";ext\r\nhello\r\n", expected: .error(.invalidChunkSize)),
        ChunkedCase(name: "seventeen digits", input: "00000000000000005\r\nhello\r\n", expected: .error(.invalidChunkSize)),
        ChunkedCase(name: "overflowing size", input: "FFFFFFFFFFFFFFFF\r\n", expected: .error(.invalidChunkSize)),
        ChunkedCase(name: "huge size over the limit", input: "7FFFFFFFFFFFFFFF\r\n", expected: .error(.bodyTooLarge)),
        ChunkedCase(name: "trailing whitespace without extension", input: "5 \r\nhello\r\n", expected: .error(.invalidChunkSize)),
        ChunkedCase(name: "missing CRLF after data", input: "5\r\nhelloX\r\n0\r\n\r\n", expected: .error(.invalidChunkFraming)),
        ChunkedCase(name: "bare LF after data", input: "5\r\nhello\n0\r\n\r\n", expected: .error(.invalidChunkFraming)),
        ChunkedCase(name: "bare LF after size", input: "5\nhello\r\n0\r\n\r\n", expected: .error(.invalidChunkFraming)),
        ChunkedCase(name: "CR without LF after size", input: "5\rhello\r\n", expected: .error(.invalidChunkFraming)),
        ChunkedCase(name: "control character in an extension", input: "5;a\u{1}\r\nhello\r\n", expected: .error(.invalidChunkFraming)),
        ChunkedCase(name: "NUL in a trailer", input: "0\r\nX: a\u{0}\r\n\r\n", expected: .error(.invalidChunkFraming)),
        ChunkedCase(name: "bare LF ends a trailer", input: "0\r\nX: a\n\r\n", expected: .error(.invalidChunkFraming)),
        ChunkedCase(name: "chunk over the limit", input: "9\r\nhelloabcd\r\n0\r\n\r\n", expected: .error(.bodyTooLarge), maxBodySize: 8),
        ChunkedCase(name: "total over the limit", input: "5\r\nhello\r\n4\r\nabcd\r\n0\r\n\r\n", expected: .error(.bodyTooLarge), maxBodySize: 8),
        ChunkedCase(name: "trailer section over its limit", input: "0\r\nX-Long: 0123456789\r\n\r\n", expected: .error(.headerSectionTooLarge), maxTrailerSize: 10),
        ChunkedCase(name: "extension over its limit", input: "5;" + String(repeating: "e", count: 20) + "\r\nhello\r\n", expected: .error(.invalidChunkSize), maxTrailerSize: 10),
    ]
}

@Suite struct ChunkedDecoderTests {
    /// Decodes `testCase` with the given cuts and checks the outcome against its expectation.
    func check(_ testCase: ChunkedCase, cuts: [Int], sourceLocation: SourceLocation = #_sourceLocation) {
        let bytes = [UInt8](message: testCase.input)
        let (step, body, consumed) = Feeder.decodeChunked(
            bytes, cuts: cuts, maxBodySize: testCase.maxBodySize, maxTrailerSize: testCase.maxTrailerSize
        )
        switch testCase.expected {
        case .body(let expected):
            guard case .done = step else {
                Issue.record("expected done, got \(step) (cuts \(cuts))", sourceLocation: sourceLocation)
                return
            }
            #expect(body == [UInt8](message: expected), "cuts \(cuts)", sourceLocation: sourceLocation)
            #expect(consumed == bytes.count, "cuts \(cuts)", sourceLocation: sourceLocation)
        case .error(let error):
            #expect(step == .failed(error), "cuts \(cuts)", sourceLocation: sourceLocation)
        }
    }

    @Test(arguments: ChunkedCase.valid + ChunkedCase.invalid)
    func decodesWhole(_ testCase: ChunkedCase) {
        check(testCase, cuts: [])
    }

    @Test(arguments: ChunkedCase.valid + ChunkedCase.invalid)
    func decodesTheSameByteByByte(_ testCase: ChunkedCase) {
        check(testCase, cuts: Array(0..<testCase.input.utf8.count))
    }

    @Test(arguments: ChunkedCase.valid + ChunkedCase.invalid)
    func decodesTheSameInRandomSplits(_ testCase: ChunkedCase) {
        for cuts in Feeder.randomCuts(for: [UInt8](message: testCase.input), count: 20, seed: 0xC4A7) {
            check(testCase, cuts: cuts)
        }
    }

    @Test func stopsAtTheEndOfTheBodyAndLeavesTheNextRequest() {
        let body = [UInt8](message: "3\r\nabc\r\n0\r\n\r\n")
        let next = [UInt8](message: "GET / HTTP/1.1\r\n")
        var decoder = ChunkedDecoder(maxBodySize: 100)
        var decoded: [UInt8] = []
        let step = (body + next).withUnsafeBytes { decoder.decode($0, into: &decoded) }
        #expect(step == .done(consumed: body.count))
        #expect(decoded == [UInt8](message: "abc"))
        // Finished: it consumes nothing more.
        #expect(next.withUnsafeBytes { decoder.decode($0, into: &decoded) } == .done(consumed: 0))
    }

    @Test func needMoreConsumesEverythingGiven() {
        var decoder = ChunkedDecoder(maxBodySize: 100)
        var decoded: [UInt8] = []
        let part = [UInt8](message: "5\r\nhel")
        #expect(part.withUnsafeBytes { decoder.decode($0, into: &decoded) } == .needMore(consumed: part.count))
        #expect(decoded == [UInt8](message: "hel"))
        #expect(decoder.decodedLength == 3)
    }

    @Test func refusesAnOversizedChunkBeforeReadingIt() {
        var decoder = ChunkedDecoder(maxBodySize: 4)
        var decoded: [UInt8] = []
        let sizeLine = [UInt8](message: "100000\r\n")
        #expect(sizeLine.withUnsafeBytes { decoder.decode($0, into: &decoded) } == .failed(.bodyTooLarge))
        // A failed decoder keeps failing.
        #expect(sizeLine.withUnsafeBytes { decoder.decode($0, into: &decoded) } == .failed(.bodyTooLarge))
    }
}
