import AgoraDomain

/// Where a page of `/events` resumes: after the event with this start and id (the list's sort key), so pages
/// stay consistent while events are added or removed. Opaque to clients (hex of `v1:<seconds>:<id>`).
struct EventCursor: Equatable {
    let startsAt: Instant
    let id: String

    init(after event: Event) {
        self.startsAt = event.startsAt
        self.id = event.id
    }

    var token: String {
        let hex = Array("0123456789abcdef".utf8)
        return String(decoding: Array("v1:\(startsAt.secondsSince1970):\(id)".utf8)
            .flatMap { [hex[Int($0 >> 4)], hex[Int($0 & 0xF)]] }, as: UTF8.self)
    }

    init(token: String) throws(QueryError) {
        let invalid = QueryError.invalid(parameter: "cursor", value: token,
                                         expected: "the cursor from a previous page's next link")
        let digits = Array(token.utf8)
        guard digits.count % 2 == 0, digits.count <= 512 else { throw invalid }
        var bytes: [UInt8] = []
        for index in stride(from: 0, to: digits.count, by: 2) {
            guard let high = Self.nibble(digits[index]), let low = Self.nibble(digits[index + 1]) else { throw invalid }
            bytes.append(high << 4 | low)
        }
        let parts = String(decoding: bytes, as: UTF8.self).split(separator: ":", maxSplits: 2)
        guard parts.count == 3, parts[0] == "v1", let seconds = Int64(parts[1]), !parts[2].isEmpty else { throw invalid }
        self.startsAt = Instant(secondsSince1970: seconds)
        self.id = String(parts[2])
    }

    func precedes(_ event: Event) -> Bool {
        (startsAt, id) < (event.startsAt, event.id)
    }

    private static func nibble(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        default: nil
        }
    }
}
