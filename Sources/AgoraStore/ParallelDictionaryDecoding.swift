// A JSON object of many rich values (the snapshot's 1 000 events with their programmes) decoded by Codable on
// every core: its members are located (structure only), split into one chunk per task, each chunk decoded as an
// object of its own, and the dictionaries merged. One `JSONDecoder` call on the whole object took 0.3 s for
// 1 000 events × 50 slots, on one core, while the rest of recovery waited.
import AgoraJSON
import Dispatch
import FoundationEssentials

enum ParallelDictionaryDecoding {
    /// Members per chunk below which one call decodes the whole object (splitting costs more than it saves).
    static let minimumChunk = 32

    /// `JSONDecoder().decode([String: Value].self, from: bytes)`, in parallel chunks. Whatever is unusual (an
    /// escaped key, keys that collide across chunks, a member that does not decode) goes to that one call, so
    /// the result and any error are the ones it gives.
    static func decode<Value: Decodable & Sendable>(_ type: [String: Value].Type, from bytes: [UInt8]) throws -> [String: Value] {
        let whole = { try JSONDecoder().decode([String: Value].self, from: Data(bytes)) }
        guard let members = members(of: bytes), members.count >= 2 * minimumChunk else { return try whole() }
        let chunks = Swift.min(ProcessInfo.processInfo.activeProcessorCount * 2, members.count / minimumChunk)
        let size = (members.count + chunks - 1) / chunks
        let decoded = concurrentMap(chunks) { chunk -> [String: Value]? in
            let part = members[Swift.min(chunk * size, members.count)..<Swift.min((chunk + 1) * size, members.count)]
            guard let first = part.first, let last = part.last else { return [:] }
            var object = Data()
            object.reserveCapacity(last.upperBound - first.lowerBound + 2)
            object.append(UInt8(ascii: "{"))
            object.append(contentsOf: bytes[first.lowerBound..<last.upperBound])
            object.append(UInt8(ascii: "}"))
            return try? JSONDecoder().decode([String: Value].self, from: object)
        }
        var merged: [String: Value] = [:]
        merged.reserveCapacity(members.count)
        for case let part? in decoded { merged.merge(part) { first, _ in first } }
        // A chunk that failed, or keys equal across chunks: let the whole call decide.
        guard decoded.allSatisfy({ $0 != nil }),
              merged.count == decoded.reduce(0, { $0 + ($1?.count ?? 0) }) else { return try whole() }
        return merged
    }

    /// The byte range of each member (`"key":value`, contiguous members joined by the commas between them when
    /// a chunk's first and last are taken) of the object `bytes`; nil when a key has escapes or the text is not
    /// one object.
    private static func members(of bytes: [UInt8]) -> [Range<Int>]? {
        var reader = JSONReader(bytes, range: 0..<bytes.count)
        var found: [Range<Int>] = []
        guard reader.consume(UInt8(ascii: "{")) else { return nil }
        if reader.consume(UInt8(ascii: "}")) { return reader.atEnd ? [] : nil }
        repeat {
            reader.skipWhitespace()
            let start = reader.position
            guard reader.plainStringRange() != nil, reader.consume(UInt8(ascii: ":")), reader.skipValue() != nil else {
                return nil
            }
            found.append(start..<reader.position)
        } while reader.consume(UInt8(ascii: ","))
        guard reader.consume(UInt8(ascii: "}")), reader.atEnd else { return nil }
        return found
    }
}
