// The incremental request-head parser: a pure function over the bytes of one message, in the style of
// picohttpparser (need more / done / error), that remembers how far it has scanned so bytes arriving one
// at a time cost no more than bytes arriving at once.

/// Incremental parser for one request head. Usage: the connection keeps its receive buffer and always
/// passes the bytes from the START of the current message (it never discards an unfinished head); the
/// parser remembers how far it has scanned and continues from there. After `.complete`, call `reset()`
/// before the next message.
///
/// Work is linear in the head size however the bytes are split: each byte is examined once while looking
/// for the end of its line, and once more when that line is complete and gets validated. Strings are built
/// only for complete lines. Searches are bounded by the limits, so an oversized request line or header
/// section fails as soon as the limit is passed without a line end, not when the client stops sending.
public struct RequestParser: Sendable {
    public enum Step: Sendable, Equatable {
        case needMore
        case complete(RequestHead, headLength: Int)
        case failed(HTTPParseError)
    }

    private enum Phase: Sendable {
        /// Before the request line: empty lines are skipped (RFC 9112 §2.2).
        case skippingEmptyLines
        case requestLine
        case headerSection
        /// `.complete` or `.failed` was returned; `finishedStep` is returned again until `reset()`.
        case finished
    }

    public var limits: ParserLimits
    private var phase: Phase = .skippingEmptyLines
    /// Kept apart from `phase` so the hot loop's phase checks copy no payload.
    private var finishedStep: Step?
    /// Bytes of the message examined so far; the next call continues here.
    private var scanned = 0
    /// Where the line being scanned starts.
    private var lineStart = 0
    /// Where the header section starts (just after the request line's end).
    private var headerSectionStart = 0
    private var requestLine: RequestLine?
    /// Field lines seen so far, as byte ranges of the message: strings are built once the head is complete.
    private var fieldLines: [FieldLine] = []
    /// Bytes looked at while searching for line ends in this message, so a test can prove that no byte is
    /// searched twice however the message is split.
    private(set) var searchedByteCount = 0

    public init(limits: ParserLimits = ParserLimits()) {
        self.limits = limits
    }

    /// True once at least one byte of this message has been seen (the connection uses it for the header
    /// timeout vs idle timeout). Leading empty lines before a request line are skipped (RFC 9112 §2.2) and
    /// don't count.
    public var hasStarted: Bool {
        phase != .skippingEmptyLines
    }

    /// The value of the first complete field line named `name` (lowercase) among those read so far in `message`, or
    /// nil: for a head that failed (or has not finished), whose problem answer wants the client's `Accept-Language`.
    /// Lines are kept only once validated, so the value is a valid field value whatever came after it.
    public func fieldValue(named name: String, in message: UnsafeRawBufferPointer) -> String? {
        let wanted = Array(name.utf8)
        for line in fieldLines where line.name.upperBound <= message.count && line.value.upperBound <= message.count {
            guard line.name.count == wanted.count else { continue }
            var same = true
            for (offset, byte) in wanted.enumerated() where HTTPGrammar.lowercased(message[line.name.lowerBound + offset]) != byte {
                same = false
                break
            }
            if same { return String(decoding: UnsafeRawBufferPointer(rebasing: message[line.value]), as: UTF8.self) }
        }
        return nil
    }

    /// Forgets the current message, keeping the limits (and the capacity of the field list).
    public mutating func reset() {
        phase = .skippingEmptyLines
        finishedStep = nil
        scanned = 0
        lineStart = 0
        headerSectionStart = 0
        requestLine = nil
        fieldLines.removeAll(keepingCapacity: true)
        searchedByteCount = 0
    }

    /// Continues parsing `message`, which holds every byte of the current message received so far, from
    /// its first byte. Returns `.needMore` until the head is complete; `headLength` counts the bytes of the
    /// head (skipped empty lines included), so the body or the next pipelined request starts there.
    public mutating func parse(_ message: UnsafeRawBufferPointer) -> Step {
        if phase == .finished, let finishedStep { return finishedStep }
        if message.count < scanned {
            // The caller dropped bytes it had already shown us: the ranges we kept are void, start over.
            reset()
        }
        do throws(HTTPParseError) {
            guard let head = try scan(message) else { return .needMore }
            let step = Step.complete(head, headLength: scanned)
            phase = .finished
            finishedStep = step
            return step
        } catch {
            phase = .finished
            finishedStep = .failed(error)
            return .failed(error)
        }
    }

    /// Scans from `scanned` on; returns the head once the blank line ending it has been seen.
    private mutating func scan(_ message: UnsafeRawBufferPointer) throws(HTTPParseError) -> RequestHead? {
        let end = message.count
        if phase == .skippingEmptyLines {
            guard try skipEmptyLines(message) else { return nil }
        }
        while true {
            // The furthest index a line end may sit at without breaking a limit.
            let lastAllowedLF: Int
            let tooLong: HTTPParseError
            if phase == .requestLine {
                // Content of at most maxRequestLineLength bytes, then CR, then LF.
                lastAllowedLF = Self.saturatingSum(lineStart, limits.maxRequestLineLength, 1)
                tooLong = .requestLineTooLong
            } else {
                // The section's bytes, up to and including the blank line's LF, are at most the limit.
                lastAllowedLF = Self.saturatingSum(headerSectionStart, limits.maxHeaderSectionSize, -1)
                tooLong = .headerSectionTooLarge
            }
            let searchEnd = min(end, Self.saturatingSum(lastAllowedLF, 1, 0))
            let found = HTTPGrammar.firstLineFeed(in: message, from: scanned, to: searchEnd)
            searchedByteCount &+= (found.map { $0 + 1 } ?? searchEnd) - scanned
            guard let lf = found else {
                scanned = max(scanned, searchEnd)
                if end > lastAllowedLF { throw tooLong }
                return nil
            }
            var contentEnd = lf
            if contentEnd > lineStart && message[contentEnd - 1] == HTTPGrammar.cr { contentEnd -= 1 }
            let line = UnsafeRawBufferPointer(rebasing: message[lineStart..<contentEnd])
            let offset = lineStart
            scanned = lf + 1
            lineStart = lf + 1
            if phase == .requestLine {
                guard line.count <= limits.maxRequestLineLength else { throw .requestLineTooLong }
                requestLine = try RequestLine(parsing: line)
                phase = .headerSection
                headerSectionStart = lineStart
            } else if line.isEmpty {
                guard let requestLine else { throw .invalidRequestLine }
                return try RequestHead(requestLine: requestLine, fieldLines: fieldLines, in: message, limits: limits)
            } else {
                guard fieldLines.count < limits.maxHeaderCount else { throw .tooManyHeaders }
                fieldLines.append(try FieldLine(parsing: line, offset: offset))
            }
        }
    }

    /// Skips CRLF or LF lines before the request line. Returns true once the request line has started.
    /// The skipped bytes are bounded (by the request line limit) so a peer cannot keep an idle connection
    /// busy with an endless stream of empty lines.
    private mutating func skipEmptyLines(_ message: UnsafeRawBufferPointer) throws(HTTPParseError) -> Bool {
        while scanned < message.count {
            switch message[scanned] {
            case HTTPGrammar.lf:
                scanned += 1
            case HTTPGrammar.cr:
                guard scanned + 1 < message.count else { return false }
                // A bare CR is not a line end (RFC 9112 §2.2).
                guard message[scanned + 1] == HTTPGrammar.lf else { throw .invalidRequestLine }
                scanned += 2
            default:
                phase = .requestLine
                lineStart = scanned
                return true
            }
            if scanned > limits.maxRequestLineLength { throw .invalidRequestLine }
        }
        return false
    }

    /// `a + b + c`, clamped to `Int.max` so that a huge configured limit cannot overflow.
    private static func saturatingSum(_ a: Int, _ b: Int, _ c: Int) -> Int {
        let (ab, overflow1) = a.addingReportingOverflow(b)
        if overflow1 { return b > 0 ? Int.max : Int.min }
        let (abc, overflow2) = ab.addingReportingOverflow(c)
        if overflow2 { return c > 0 ? Int.max : Int.min }
        return abc
    }
}
