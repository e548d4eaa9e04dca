// Feeding helpers shared by the parser tests: the same bytes whole, byte by byte, or cut at given points,
// the way a connection's receive buffer grows.
import HTTPServer
import TestSupport

/// What feeding a message to a fresh parser ended with.
enum ParseOutcome: Equatable, CustomStringConvertible {
    case complete(RequestHead, headLength: Int)
    case failed(HTTPParseError)
    case needMore

    var head: RequestHead? {
        if case .complete(let head, _) = self { return head }
        return nil
    }

    var description: String {
        switch self {
        case .complete(let head, let length): "complete(\(head.method) \(head.target.path), headLength: \(length))"
        case .failed(let error): "failed(\(error))"
        case .needMore: "needMore"
        }
    }
}

enum Feeder {
    /// Feeds `bytes` to a new parser as a connection would: the buffer grows to each cut in turn (then to
    /// the whole), and every call sees the message from its first byte.
    static func parse(_ bytes: [UInt8], cuts: [Int] = [], limits: ParserLimits = ParserLimits()) -> ParseOutcome {
        var parser = RequestParser(limits: limits)
        return parse(bytes, cuts: cuts, with: &parser)
    }

    static func parse(_ bytes: [UInt8], cuts: [Int] = [], with parser: inout RequestParser) -> ParseOutcome {
        for end in cuts.sorted() + [bytes.count] {
            let step = bytes.withUnsafeBytes { parser.parse(UnsafeRawBufferPointer(rebasing: $0[0..<end])) }
            switch step {
            case .needMore: continue
            case .complete(let head, let headLength): return .complete(head, headLength: headLength)
            case .failed(let error): return .failed(error)
            }
        }
        return .needMore
    }

    static func byteByByte(_ bytes: [UInt8], limits: ParserLimits = ParserLimits()) -> ParseOutcome {
        parse(bytes, cuts: bytes.isEmpty ? [] : Array(1..<bytes.count), limits: limits)
    }

    /// `count` deterministic random sets of cut points (1 to 8 cuts each) for `bytes`.
    static func randomCuts(for bytes: [UInt8], count: Int, seed: UInt64) -> [[Int]] {
        var generator = SplitMix64(seed: seed)
        guard bytes.count > 1 else { return [] }
        return (0..<count).map { _ in
            (0..<Int.random(in: 1...8, using: &generator)).map { _ in Int.random(in: 1..<bytes.count, using: &generator) }
        }
    }

    /// Decodes `bytes` with a new decoder, fed in pieces ending at each cut, as only-new-bytes slices.
    static func decodeChunked(
        _ bytes: [UInt8], cuts: [Int] = [], maxBodySize: Int = 1 << 20, maxTrailerSize: Int = 32768
    ) -> (step: ChunkedDecoder.Step, body: [UInt8], consumedTotal: Int) {
        var decoder = ChunkedDecoder(maxBodySize: maxBodySize, maxTrailerSize: maxTrailerSize)
        var body: [UInt8] = []
        var start = 0
        var last = ChunkedDecoder.Step.needMore(consumed: 0)
        for end in cuts.sorted() + [bytes.count] where end >= start {
            last = bytes.withUnsafeBytes { decoder.decode(UnsafeRawBufferPointer(rebasing: $0[start..<end]), into: &body) }
            switch last {
            case .needMore(let consumed):
                start += consumed
            case .done(let consumed):
                return (last, body, start + consumed)
            case .failed:
                return (last, body, start)
            }
        }
        return (last, body, start)
    }
}

extension Array where Element == UInt8 {
    /// The UTF-8 bytes of a test message written as a string literal.
    init(message: String) {
        self = Array(message.utf8)
    }
}
