// The snapshot body decoded as it streams past (SnapshotBodyStream): the events and partners are copied out of the
// first piece and decoded by Codable on another thread, in parallel chunks, while the registrations are located a
// piece at a time and decoded in parallel windows, each while the one before it is appended to the table; the
// indexes are built at the end from hashes computed on every core. What `fastDecode` (the whole-file reader)
// would decline, this declines too (nil), and the whole file then goes to it: both read the same form.
import AgoraDomain
import AgoraJSON
import Dispatch
import FoundationEssentials
import Synchronization

extension AgoraState: StreamedSnapshotState {
    /// Registrations located per window, at most: a window is decoded (in parallel chunks of `streamedChunk`) on
    /// another thread while the one before it is appended to the table, so at most two windows of decoded values
    /// and one window's bytes exist at once beside the table (about 25 MiB for 16 384 registrations of the
    /// benchmark). Fewer when the pieces read are small: about one registration per 2 KiB of a piece.
    static let streamedWindow = 16_384
    static let streamedChunk = 4_096

    static func window(forPiece pieceBytes: Int) -> Int { Swift.max(1, Swift.min(streamedWindow, pieceBytes / 2_048)) }

    static func decodeSnapshot(streaming body: inout SnapshotBodyStream) throws -> AgoraState? {
        // The head, up to the registrations' opening brace, must lie in the buffer (which grows until it does).
        var head: SnapshotHead?
        while true {
            head = SnapshotHead(body.buffer, range: body.start..<body.filled)
            if head != nil { break }
            guard try body.readMore() else { return nil }
        }
        guard let head else { return nil }
        let others = SnapshotOthers(events: Array(body.buffer[head.events]), partners: Array(body.buffer[head.partners]))
        defer { others.wait() }
        body.consume(upTo: head.registrationsStart)

        var registrations = RegistrationTable()
        registrations.beginLoading(reservingCapacity: 0)
        guard try loadRegistrations(from: &body, into: &registrations) else { return nil }
        guard registrations.finishLoadingOnEveryCore() else { return nil }
        let (events, partners) = try others.decoded()
        return AgoraState(events: events, partners: partners, registrations: registrations,
                          registrationSequence: head.registrationSequence)
    }

    /// Locates the registrations' members (`"id":{…}`, comma-separated, closed by `}` and the document's `}`) a
    /// window at a time, reading more whenever a member runs past the bytes read. Each window's bytes are copied out
    /// and decoded on another thread while this one appends the previous window and locates the next: appending is
    /// serial, and without the overlap one core idled through it. False when the text is not in the expected form,
    /// a member does not decode, or its key is not its id.
    private static func loadRegistrations(from body: inout SnapshotBodyStream,
                                          into table: inout RegistrationTable) throws(StoreError) -> Bool {
        let decoder = DispatchQueue(label: "agora.store.snapshot-registrations", qos: .userInitiated)
        var decoding: BackgroundValue<[[Registration]]?>?
        // Whatever way this ends, the window under way is waited for (it holds only its own copy of the bytes).
        defer { _ = decoding?.take() }
        var position = body.start
        var first = true
        var closed = false
        var members: [(key: Range<Int>?, value: Range<Int>)] = []
        let window = Self.window(forPiece: body.pieceBytes)
        members.reserveCapacity(window)
        while !closed {
            // The reader shares the stream's buffer: it ends with this scope, before `readMore` changes the buffer
            // (a reader still alive there would make that change copy the whole piece).
            do {
                var reader = JSONReader(body.buffer, range: position..<body.filled)
                while members.count < window {
                    if !first, !reader.consume(UInt8(ascii: ",")) {
                        closed = reader.consume(UInt8(ascii: "}"))
                        if closed { position = reader.position }
                        break
                    }
                    if first, reader.consume(UInt8(ascii: "}")) {
                        closed = true
                        position = reader.position
                        break
                    }
                    reader.skipWhitespace()
                    let key: Range<Int>?
                    if let plain = reader.plainStringRange() {
                        key = plain
                    } else if reader.skipString() {
                        key = nil  // escaped: the value's id is checked by Codable's path, as in `fastDecode`
                    } else {
                        break
                    }
                    guard reader.consume(UInt8(ascii: ":")), let value = reader.skipValue() else { break }
                    members.append((key, value))
                    first = false
                    position = reader.position
                }
            }
            let full = members.count == window
            if let firstMember = members.first, let lastMember = members.last {
                let located = LocatedWindow(members, in: body.buffer,
                                            from: firstMember.key?.lowerBound ?? firstMember.value.lowerBound,
                                            to: lastMember.value.upperBound)
                let chunkSize = streamedChunk
                let next = BackgroundValue(on: decoder) {
                    RegistrationTable.decodeLoaded(members: located.members, of: located.bytes, chunkSize: chunkSize)
                }
                let previous = decoding
                decoding = next
                if let previous, !append(previous, to: &table) { return false }
                members.removeAll(keepingCapacity: true)
            }
            body.consume(upTo: position)
            // A member cut off by the end of what was read: read more (a full window needs no more yet).
            if !closed, !full {
                guard try body.readMore() else { return false }
                position = body.start
            }
        }
        if let last = decoding {
            decoding = nil
            guard append(last, to: &table) else { return false }
        }
        // The document's closing brace, then nothing but whitespace to the end of the body.
        var documentClosed = false
        while true {
            do {
                var reader = JSONReader(body.buffer, range: position..<body.filled)
                if !documentClosed { documentClosed = reader.consume(UInt8(ascii: "}")) }
                guard reader.atEnd else { return false }
            }
            body.consume(upTo: body.filled)
            guard try body.readMore() else { return documentClosed }
            position = body.start
        }
    }
}

extension AgoraState {
    /// Appends a decoded window (waiting for it) to the table; false when it did not decode.
    fileprivate static func append(_ window: BackgroundValue<[[Registration]]?>, to table: inout RegistrationTable) -> Bool {
        let decoded = window.take() ?? nil
        guard table.appendLoaded(decoded) else { return false }
        // Freeing the window's values (several strings each, allocated by the decoding threads) is left to another
        // thread: the table has copied their bytes, and this one is the load's serial path.
        DispatchQueue.global(qos: .utility).async { withExtendedLifetime(decoded) {} }
        return true
    }
}

/// A window of located registrations with its own copy of their bytes (the stream's buffer moves on while it is
/// decoded): `members` index into `bytes`.
private struct LocatedWindow: Sendable {
    let bytes: [UInt8]
    let members: [(key: Range<Int>?, value: Range<Int>)]

    init(_ located: [(key: Range<Int>?, value: Range<Int>)], in buffer: [UInt8], from start: Int, to end: Int) {
        bytes = Array(buffer[start..<end])
        members = located.map { member in
            (member.key.map { ($0.lowerBound - start)..<($0.upperBound - start) },
             (member.value.lowerBound - start)..<(member.value.upperBound - start))
        }
    }
}

/// Where the parts before the registrations lie: `{"events":…,"partners":…,"registrationSequence":n,"registrations":{`.
private struct SnapshotHead {
    let events: Range<Int>
    let partners: Range<Int>
    let registrationSequence: Int
    /// Just after the registrations' opening brace.
    let registrationsStart: Int

    /// Nil when `bytes[range]` does not begin with the whole head (not read far enough yet, or another form).
    init?(_ bytes: [UInt8], range: Range<Int>) {
        var reader = JSONReader(bytes, range: range)
        guard reader.consume(UInt8(ascii: "{")), Self.key("events", &reader), let events = reader.skipValue(),
              reader.consume(UInt8(ascii: ",")), Self.key("partners", &reader), let partners = reader.skipValue(),
              reader.consume(UInt8(ascii: ",")), Self.key("registrationSequence", &reader),
              let sequence = reader.integer(), reader.consume(UInt8(ascii: ",")),
              Self.key("registrations", &reader), reader.consume(UInt8(ascii: "{")) else { return nil }
        self.events = events
        self.partners = partners
        self.registrationSequence = sequence
        self.registrationsStart = reader.position
    }

    private static func key(_ expected: StaticString, _ reader: inout JSONReader) -> Bool {
        reader.skipWhitespace()
        guard let range = reader.plainStringRange(), reader.consume(UInt8(ascii: ":")) else { return false }
        return reader.bytes[range].elementsEqual(UnsafeBufferPointer(start: expected.utf8Start, count: expected.utf8CodeUnitCount))
    }
}

/// The events and partners decoded by Codable on a queue of their own while the registrations load.
private final class SnapshotOthers: Sendable {
    typealias Decoded = Result<(events: [String: Event], partners: [String: Partner]), any Error>
    private let group = DispatchGroup()
    private let result = Mutex<Decoded?>(nil)

    init(events: [UInt8], partners: [UInt8]) {
        // Its own queue: the caller blocks on it, and a global queue's threads may all be busy decoding.
        let queue = DispatchQueue(label: "agora.store.snapshot-events", qos: .userInitiated)
        queue.async(group: group) { [self] in
            let decoded = Decoded {
                (try ParallelDictionaryDecoding.decode([String: Event].self, from: events),
                 try JSONDecoder().decode([String: Partner].self, from: Data(partners)))
            }
            self.result.withLock { $0 = decoded }
        }
    }

    func wait() { group.wait() }

    func decoded() throws -> (events: [String: Event], partners: [String: Partner]) {
        wait()
        guard let decoded = result.withLock({ $0 }) else { throw DecodingError.valueNotFound(Event.self, .init(codingPath: [], debugDescription: "not decoded")) }
        return try decoded.get()
    }
}
