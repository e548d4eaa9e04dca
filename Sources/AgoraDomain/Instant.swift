public import FoundationEssentials

/// A point in time, in whole seconds since 1970-01-01T00:00:00Z.
///
/// The domain stores every instant in UTC so that the journal and snapshots are unambiguous; wall-clock
/// times exist only at the edges (seed documents, API rendering) together with an IANA zone.
/// JSON: an RFC 3339 string. Encoding always writes UTC (`2025-11-20T08:15:00Z`); decoding accepts any
/// offset (`2025-11-20T09:15:00+01:00`), so seed files can be written as the source pages publish them.
/// Whole seconds on purpose: a fraction would not survive a round trip through the integer form.
public struct Instant: Hashable, Comparable, Sendable {
    public var secondsSince1970: Int64

    public init(secondsSince1970: Int64) {
        self.secondsSince1970 = secondsSince1970
    }

    /// Truncates toward the past, so an instant taken from a clock never lies in the future.
    public init(_ date: Date) {
        self.secondsSince1970 = Int64(date.timeIntervalSince1970.rounded(.down))
    }

    public var date: Date { Date(timeIntervalSince1970: TimeInterval(secondsSince1970)) }

    public static func < (lhs: Instant, rhs: Instant) -> Bool {
        lhs.secondsSince1970 < rhs.secondsSince1970
    }

    public func adding(seconds: Int64) -> Instant {
        Instant(secondsSince1970: secondsSince1970 + seconds)
    }

    /// RFC 3339 in UTC, e.g. `2025-11-20T08:15:00Z`.
    public var rfc3339UTC: String {
        LocalDateTime(secondsSinceEpochAsIfUTC: secondsSince1970).rfc3339(offsetSeconds: 0)
    }

    /// The same appended as bytes, for the store's hand-written journal and snapshot writer.
    package func appendRFC3339UTC(to out: inout [UInt8]) {
        LocalDateTime(secondsSinceEpochAsIfUTC: secondsSince1970).appendRFC3339(offsetSeconds: 0, to: &out)
    }

    /// Parses `YYYY-MM-DDTHH:MM:SS` followed by `Z` or `±HH:MM`. Returns nil for anything else
    /// (including fractional seconds, which the domain does not store).
    public init?(rfc3339 text: String) {
        self.init(rfc3339Bytes: Array(text.utf8))
    }

    /// The same over UTF-8 bytes, for the store's hand-written JSON reader (no String in between).
    package init?(rfc3339Bytes bytes: [UInt8]) {
        guard bytes.count >= 20, let local = LocalDateTime(isoPrefix: bytes) else { return nil }
        let rest = bytes[19...]
        var offset: Int64
        if rest.count == 1, rest.first == UInt8(ascii: "Z") || rest.first == UInt8(ascii: "z") {
            offset = 0
        } else if rest.count == 6,
                  let sign = rest.first, sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-"),
                  bytes[22] == UInt8(ascii: ":"),
                  let hours = LocalDateTime.digits(bytes, 20, 2), let minutes = LocalDateTime.digits(bytes, 23, 2),
                  hours < 24, minutes < 60 {
            offset = Int64(hours * 3600 + minutes * 60)
            if sign == UInt8(ascii: "-") { offset = -offset }
        } else {
            return nil
        }
        self.secondsSince1970 = local.secondsSinceEpochAsIfUTC - offset
    }
}

extension Instant: Codable {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let instant = Instant(rfc3339: text) else {
            throw DecodingError.dataCorruptedError(
                in: container,
                debugDescription: "expected an RFC 3339 instant in whole seconds, e.g. 2025-11-20T09:15:00+01:00, got \(text)"
            )
        }
        self = instant
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rfc3339UTC)
    }
}

extension Instant: CustomStringConvertible {
    public var description: String { rfc3339UTC }
}
