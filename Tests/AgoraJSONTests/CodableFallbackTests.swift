import AgoraJSON
import Foundation
import Testing

/// The fast path decides when it can; Codable decides when it gives up, and Codable's errors reach the caller.
@Suite struct CodableFallbackTests {
    private struct Point: Codable, Equatable {
        var x: Int
        var y: Int
    }

    /// Reads only `{"x":…,"y":…}` in that order; nil for anything else.
    private static func fastPoint(_ bytes: [UInt8], _ range: Range<Int>) -> Point? {
        var reader = JSONReader(bytes, range: range)
        var x: Int?, y: Int?
        let read = reader.object { reader, key in
            switch key {
            case "x" where y == nil: x = reader.integer(); return x != nil
            case "y" where x != nil: y = reader.integer(); return y != nil
            default: return false
            }
        }
        guard read, reader.atEnd, let x, let y else { return nil }
        return Point(x: x, y: y)
    }

    @Test func decodesWithTheFastPathOrWithCodable() throws {
        var fastCalls = 0
        for text in [#"{"x":1,"y":2}"#, #"{"y":2,"x":1}"#, #"{"x":1,"y":2,"z":3}"#, #"  {"x" : 1 , "y" : 2 }  "#] {
            let bytes = Array(text.utf8)
            let point = try CodableFallback.decode(Point.self, from: bytes, range: 0..<bytes.count) { bytes, range in
                fastCalls += 1
                return Self.fastPoint(bytes, range)
            }
            #expect(point == Point(x: 1, y: 2), "\(text)")
        }
        #expect(fastCalls == 4)
    }

    @Test func codablesErrorsReachTheCaller() {
        let bytes = Array(#"{"x":1}"#.utf8)
        #expect(throws: DecodingError.self) {
            try CodableFallback.decode(Point.self, from: bytes, range: 0..<bytes.count, fastPath: Self.fastPoint)
        }
    }

    @Test func encodesWithTheFastPathOrWithCodable() throws {
        let fast = try CodableFallback.encode(Point(x: 1, y: 2)) { _ in Array("fast".utf8) }
        #expect(fast == Array("fast".utf8))
        let codable = try CodableFallback.encode(Point(x: 3, y: 4), sortedKeys: true) { _ in nil }
        #expect(String(decoding: codable, as: UTF8.self) == #"{"x":3,"y":4}"#)
    }
}
