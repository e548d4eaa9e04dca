// How the parser behaves across calls: pipelining, reset, hasStarted, answers after the end.
import HTTPServer
import Testing

@Suite struct RequestParserLifecycleTests {
    static let first = "GET /first HTTP/1.1\r\nHost: a\r\n\r\n"
    static let second = "POST /second HTTP/1.1\r\nHost: a\r\nContent-Length: 2\r\n\r\nok"

    @Test func pipelinedHeadsParseInTurn() throws {
        let bytes = [UInt8](message: Self.first + Self.second)
        var parser = RequestParser()
        let firstOutcome = Feeder.parse(bytes, with: &parser)
        guard case .complete(let firstHead, let firstLength) = firstOutcome else {
            Issue.record("first head: \(firstOutcome)")
            return
        }
        #expect(firstHead.target.path == "/first")
        #expect(firstLength == Self.first.utf8.count)

        parser.reset()
        let rest = Array(bytes[firstLength...])
        let secondOutcome = Feeder.parse(rest, with: &parser)
        let secondHead = try #require(secondOutcome.head)
        #expect(secondHead.method == .post)
        #expect(secondHead.framing == .contentLength(2))
        // The body is not part of the head: it starts at headLength.
        #expect(secondOutcome == .complete(secondHead, headLength: rest.count - 2))
    }

    @Test func pipelinedHeadsParseInTurnByteByByte() {
        let bytes = [UInt8](message: Self.first + Self.second)
        var parser = RequestParser()
        var paths: [String] = []
        var start = 0
        for end in (start + 1)...bytes.count {
            let step = bytes.withUnsafeBytes { parser.parse(UnsafeRawBufferPointer(rebasing: $0[start..<end])) }
            if case .complete(let head, let length) = step {
                paths.append(head.target.path)
                start += length
                parser.reset()
            }
        }
        #expect(paths == ["/first", "/second"])
    }

    @Test func hasStartedIgnoresLeadingEmptyLines() {
        var parser = RequestParser()
        let bytes = [UInt8](message: "\r\n\r\nG")
        #expect(!parser.hasStarted)
        _ = bytes.withUnsafeBytes { parser.parse(UnsafeRawBufferPointer(rebasing: $0[0..<4])) }
        #expect(!parser.hasStarted)
        _ = bytes.withUnsafeBytes { parser.parse($0) }
        #expect(parser.hasStarted)
        parser.reset()
        #expect(!parser.hasStarted)
    }

    @Test func aFinishedParserRepeatsItsAnswerUntilReset() {
        var parser = RequestParser()
        let bytes = [UInt8](message: Self.first)
        let step = bytes.withUnsafeBytes { parser.parse($0) }
        let again = (bytes + [UInt8](message: "garbage")).withUnsafeBytes { parser.parse($0) }
        #expect(again == step)

        var failing = RequestParser()
        let bad = [UInt8](message: "GET / HTTP/9.9\r\n")
        #expect(bad.withUnsafeBytes { failing.parse($0) } == .failed(.unsupportedVersion))
        #expect([UInt8](message: Self.first).withUnsafeBytes { failing.parse($0) } == .failed(.unsupportedVersion))
        failing.reset()
        #expect(Feeder.parse([UInt8](message: Self.first), with: &failing).head?.target.path == "/first")
    }

    @Test func aBufferShorterThanWhatWasScannedStartsOver() {
        var parser = RequestParser()
        let stale = [UInt8](message: "GET /stale-and-long HTTP/1.1\r\nHo")
        #expect(stale.withUnsafeBytes { parser.parse($0) } == .needMore)
        let fresh = [UInt8](message: "GET /b HTTP/1.1\r\nHost: a\r\n\r\n")
        #expect(Feeder.parse(fresh, with: &parser).head?.target.path == "/b")
    }

    @Test func limitsCanBeChangedBetweenMessages() {
        var parser = RequestParser(limits: ParserLimits(maxBodySize: 1))
        let bytes = [UInt8](message: "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 2\r\n\r\n")
        #expect(Feeder.parse(bytes, with: &parser) == .failed(.bodyTooLarge))
        parser.reset()
        parser.limits.maxBodySize = 2
        #expect(Feeder.parse(bytes, with: &parser).head?.framing == .contentLength(2))
    }
}
