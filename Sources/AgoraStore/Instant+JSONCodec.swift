// Instants in the journal and the snapshot: the RFC 3339 UTC text `Instant`'s Codable form writes
// (`2030-06-01T10:00:00Z`), read with any offset as Codable reads it.
import AgoraDomain
import AgoraJSON

extension JSONWriter {
    mutating func instant(_ instant: Instant) {
        bytes.append(UInt8(ascii: "\""))
        instant.appendRFC3339UTC(to: &bytes)
        bytes.append(UInt8(ascii: "\""))
    }
}

extension JSONReader {
    mutating func instant() -> Instant? {
        guard let text = stringBytes() else { return nil }
        return Instant(rfc3339Bytes: text)
    }

    /// An instant or null (an absent optional in Codable's eyes).
    mutating func optionalInstant() -> Instant?? {
        if null() { return .some(nil) }
        return instant().map { .some($0) }
    }
}
