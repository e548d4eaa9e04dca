// libFuzzer entry point for the request parser and the chunked decoder. Built outside SwiftPM, together
// with Sources/HTTPServer/Parsing/*.swift only (see run.sh); never part of a test target.
//
// Invariants checked on every input, each a crash when broken:
// - nothing traps (bounds, overflow, unwrap);
// - the outcome is the same whole, split at a position taken from the first byte, and byte by byte;
// - a complete head's length is within the input, its Content-Length within the limit;
// - a parser that was reset parses like a new one;
// - the chunked decoder gives the same step and body whole and split, and never consumes more than given.

private let defaultLimits = ParserLimits()
private let smallLimits = ParserLimits(maxRequestLineLength: 64, maxHeaderSectionSize: 128, maxHeaderCount: 4, maxBodySize: 64)

@_cdecl("LLVMFuzzerTestOneInput")
public func parserFuzzTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let data, size > 0 else { return 0 }
    let input = UnsafeRawBufferPointer(start: data, count: size)
    let split = Int(input[0]) % (size + 1)
    for limits in [defaultLimits, smallLimits] {
        checkParser(input, split: split, limits: limits)
    }
    checkChunked(input, split: split, maxBodySize: 256)
    return 0
}

/// Feeds the prefixes ending at `cuts`, then the whole input, as a connection's growing buffer would.
private func parse(_ input: UnsafeRawBufferPointer, cuts: some Sequence<Int>, with parser: inout RequestParser) -> RequestParser.Step {
    for end in cuts {
        let step = parser.parse(UnsafeRawBufferPointer(rebasing: input[0..<end]))
        if case .needMore = step { continue }
        return step
    }
    return parser.parse(input)
}

private func checkParser(_ input: UnsafeRawBufferPointer, split: Int, limits: ParserLimits) {
    var parser = RequestParser(limits: limits)
    let whole = parser.parse(input)
    switch whole {
    case .complete(let head, let headLength):
        guard headLength > 0, headLength <= input.count else { fatalError("headLength \(headLength) of \(input.count)") }
        if case .contentLength(let length) = head.framing, length < 0 || length > limits.maxBodySize {
            fatalError("Content-Length \(length) outside the limit")
        }
        guard !head.target.path.isEmpty else { fatalError("empty path") }
        if case .chunked = head.framing {
            let body = UnsafeRawBufferPointer(rebasing: input[headLength...])
            checkChunked(body, split: split % (body.count + 1), maxBodySize: limits.maxBodySize)
        }
    case .failed(let error):
        guard [400, 413, 414, 431, 501, 505].contains(error.status) else { fatalError("status \(error.status)") }
    case .needMore:
        break
    }
    guard parser.parse(input) == whole else { fatalError("a finished parser changed its answer") }

    parser.reset()
    guard !parser.hasStarted, parser.parse(input) == whole else { fatalError("reset parser differs") }

    var splitParser = RequestParser(limits: limits)
    let splitStep = parse(input, cuts: [split], with: &splitParser)
    guard splitStep == whole else { fatalError("split at \(split): \(splitStep) vs whole \(whole)") }

    if input.count <= 4096 {
        var byteParser = RequestParser(limits: limits)
        let byteStep = parse(input, cuts: 0..<input.count, with: &byteParser)
        guard byteStep == whole else { fatalError("byte by byte: \(byteStep) vs whole \(whole)") }
    }
}

private func decode(_ input: UnsafeRawBufferPointer, cuts: [Int], maxBodySize: Int) -> (ChunkedDecoder.Step, [UInt8], Int) {
    var decoder = ChunkedDecoder(maxBodySize: maxBodySize, maxTrailerSize: 256)
    var body: [UInt8] = []
    var start = 0
    var step = ChunkedDecoder.Step.needMore(consumed: 0)
    for end in cuts + [input.count] where end >= start {
        let piece = UnsafeRawBufferPointer(rebasing: input[start..<end])
        step = decoder.decode(piece, into: &body)
        switch step {
        case .needMore(let consumed):
            guard consumed == piece.count else { fatalError("needMore consumed \(consumed) of \(piece.count)") }
            start = end
        case .done(let consumed):
            guard consumed <= piece.count else { fatalError("done consumed \(consumed) of \(piece.count)") }
            return (step, body, start + consumed)
        case .failed:
            // Where in the input the error was found is not reported; only that it failed counts.
            return (step, body, -1)
        }
    }
    return (step, body, start)
}

private func checkChunked(_ input: UnsafeRawBufferPointer, split: Int, maxBodySize: Int) {
    let (wholeStep, wholeBody, wholeConsumed) = decode(input, cuts: [], maxBodySize: maxBodySize)
    guard wholeBody.count <= maxBodySize else { fatalError("body over the limit") }
    let (splitStep, splitBody, splitConsumed) = decode(input, cuts: [split], maxBodySize: maxBodySize)
    // The step's `consumed` is relative to the last piece; compare the total consumed instead.
    func kind(_ step: ChunkedDecoder.Step) -> ChunkedDecoder.Step {
        switch step {
        case .needMore: .needMore(consumed: 0)
        case .done: .done(consumed: 0)
        case .failed: step
        }
    }
    guard kind(wholeStep) == kind(splitStep), wholeBody == splitBody, wholeConsumed == splitConsumed else {
        fatalError("chunked split at \(split): \(splitStep) vs whole \(wholeStep)")
    }
    if input.count <= 4096 {
        let (byteStep, byteBody, byteConsumed) = decode(input, cuts: Array(0..<input.count), maxBodySize: maxBodySize)
        guard kind(byteStep) == kind(wholeStep), byteBody == wholeBody, byteConsumed == wholeConsumed else {
            fatalError("chunked byte by byte: \(byteStep) vs whole \(wholeStep)")
        }
    }
}
