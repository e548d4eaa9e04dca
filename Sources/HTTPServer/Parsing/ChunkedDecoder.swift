// The chunked transfer coding (RFC 9112 §7.1), decoded one byte state at a time so input may be split
// anywhere, with payload copied in runs rather than byte by byte.

/// Decodes a chunked body (RFC 9112 §7.1): chunk sizes in hex, chunk extensions ignored, trailer section
/// skipped (bounded by maxTrailerSize). Bytes may be split anywhere.
///
/// Unlike the head, chunked framing requires CRLF line ends: a bare LF is `.invalidChunkFraming`, because
/// lenient line ends inside chunked bodies are a known request-smuggling vector between servers that
/// disagree on them.
public struct ChunkedDecoder: Sendable {
    public enum Step: Sendable, Equatable {
        /// Every byte of the input was consumed; the body continues.
        case needMore(consumed: Int)
        /// The body (and trailer section) ended after `consumed` bytes of this input; the rest belongs to
        /// the next message.
        case done(consumed: Int)
        case failed(HTTPParseError)
    }

    private enum State: Sendable, Equatable {
        case size
        case sizeWhitespace
        case chunkExtension
        case sizeLF
        case data
        case dataCR
        case dataLF
        case trailerLineStart
        case trailerLine
        case trailerLF(endsMessage: Bool)
        case done
        case failed(HTTPParseError)
    }

    /// RFC 9112 §7.1 gives no bound; 16 hex digits cover every 64-bit size and stop a peer from sending
    /// an endless run of leading zeros.
    static let maxSizeDigits = 16

    private let maxBodySize: Int
    private let maxTrailerSize: Int
    private var state = State.size
    private var chunkSize = 0
    private var sizeDigits = 0
    /// Bytes of the current size line after the digits (extensions), bounded by `maxTrailerSize`.
    private var extensionBytes = 0
    private var remaining = 0
    private var bodyLength = 0
    private var trailerBytes = 0

    public init(maxBodySize: Int, maxTrailerSize: Int = 32768) {
        self.maxBodySize = maxBodySize
        self.maxTrailerSize = maxTrailerSize
    }

    /// The payload bytes decoded so far.
    public var decodedLength: Int { bodyLength - remaining }

    /// Decodes from `input` (only new bytes: it is NOT re-fed what it consumed), appending payload bytes to
    /// `body`. Once `.done` or `.failed` has been returned, further calls return it again (consuming nothing).
    public mutating func decode(_ input: UnsafeRawBufferPointer, into body: inout [UInt8]) -> Step {
        switch state {
        case .done: return .done(consumed: 0)
        case .failed(let error): return .failed(error)
        default: break
        }
        var index = 0
        while index < input.count {
            if state == .data {
                let run = min(remaining, input.count - index)
                body.append(contentsOf: UnsafeRawBufferPointer(rebasing: input[index..<(index + run)]))
                index += run
                remaining -= run
                if remaining == 0 { state = .dataCR }
                continue
            }
            do throws(HTTPParseError) {
                try step(input[index])
            } catch {
                state = .failed(error)
                return .failed(error)
            }
            index += 1
            if state == .done { return .done(consumed: index) }
        }
        return .needMore(consumed: input.count)
    }

    /// Advances the state machine by one framing byte (anything but chunk data).
    private mutating func step(_ byte: UInt8) throws(HTTPParseError) {
        switch state {
        case .size:
            if let digit = HTTPGrammar.hexValue(byte) {
                sizeDigits += 1
                guard sizeDigits <= Self.maxSizeDigits else { throw .invalidChunkSize }
                let (shifted, overflow1) = chunkSize.multipliedReportingOverflow(by: 16)
                let (sum, overflow2) = shifted.addingReportingOverflow(Int(digit))
                guard !overflow1, !overflow2 else { throw .invalidChunkSize }
                chunkSize = sum
                return
            }
            // chunk-size = 1*HEXDIG: no sign, no "0x", at least one digit.
            guard sizeDigits > 0 else { throw .invalidChunkSize }
            try endOfSize(byte)
        case .sizeWhitespace:
            // chunk-ext = *( BWS ";" ... ): whitespace after the size only ever precedes an extension.
            if byte == HTTPGrammar.sp || byte == HTTPGrammar.htab { return }
            guard byte == HTTPGrammar.semicolon else { throw .invalidChunkSize }
            state = .chunkExtension
        case .chunkExtension:
            extensionBytes += 1
            guard extensionBytes <= maxTrailerSize else { throw .invalidChunkSize }
            if byte == HTTPGrammar.cr {
                state = .sizeLF
            } else if !HTTPGrammar.isFieldValueChar(byte) {
                throw .invalidChunkFraming
            }
        case .sizeLF:
            guard byte == HTTPGrammar.lf else { throw .invalidChunkFraming }
            try startChunk()
        case .dataCR:
            guard byte == HTTPGrammar.cr else { throw .invalidChunkFraming }
            state = .dataLF
        case .dataLF:
            guard byte == HTTPGrammar.lf else { throw .invalidChunkFraming }
            state = .size
        case .trailerLineStart, .trailerLine:
            trailerBytes += 1
            guard trailerBytes <= maxTrailerSize else { throw .headerSectionTooLarge }
            if byte == HTTPGrammar.cr {
                state = .trailerLF(endsMessage: state == .trailerLineStart)
            } else if HTTPGrammar.isFieldValueChar(byte) {
                state = .trailerLine
            } else {
                throw .invalidChunkFraming
            }
        case .trailerLF(let endsMessage):
            trailerBytes += 1
            guard trailerBytes <= maxTrailerSize else { throw .headerSectionTooLarge }
            guard byte == HTTPGrammar.lf else { throw .invalidChunkFraming }
            state = endsMessage ? .done : .trailerLineStart
        case .data, .done, .failed:
            // `decode` handles these states itself and never passes a byte for them.
            break
        }
    }

    /// The first byte after the size digits: an extension, whitespace before one, or the line's CR.
    private mutating func endOfSize(_ byte: UInt8) throws(HTTPParseError) {
        switch byte {
        case HTTPGrammar.semicolon: state = .chunkExtension
        case HTTPGrammar.sp, HTTPGrammar.htab: state = .sizeWhitespace
        case HTTPGrammar.cr: state = .sizeLF
        case HTTPGrammar.lf: throw .invalidChunkFraming
        default: throw .invalidChunkSize
        }
    }

    /// The size line has ended: start the chunk's data, or the trailer section after the last chunk.
    private mutating func startChunk() throws(HTTPParseError) {
        defer {
            sizeDigits = 0
            extensionBytes = 0
            chunkSize = 0
        }
        guard chunkSize > 0 else {
            state = .trailerLineStart
            return
        }
        // Checked before any byte of the chunk is read, so an oversized body is refused up front.
        guard chunkSize <= maxBodySize - bodyLength else { throw .bodyTooLarge }
        bodyLength += chunkSize
        remaining = chunkSize
        state = .data
    }
}
