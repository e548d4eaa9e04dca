import AgoraDomain

/// Registrations as CSV (RFC 4180) for spreadsheets: CRLF line ends, every field quoted when it holds a
/// comma, quote, CR or LF, quotes doubled. A cell starting with `=`, `+`, `-` or `@` (or tab/CR, which
/// some spreadsheets strip before reading a formula) gets a leading `'` so it is shown, not evaluated
/// (OWASP "CSV injection"). UTF-8 with a byte order mark by default, because Excel otherwise reads it as
/// Latin-1 and breaks every accent; `bom: false` (`?bom=false`) leaves it out for programs that read UTF-8 and
/// would take the mark for part of the first column's name (Python's `csv` module reads `'\ufeffid'`). Instants are
/// in the event's zone with their offset, as in the JSON list, so both say the same wall-clock time.
enum RegistrationCSV {
    static let header = ["id", "status", "createdAt", "cancelledAt", "slotId", "name", "email", "organisation",
                         "language", "erased"]
    static let byteOrderMark: [UInt8] = [0xEF, 0xBB, 0xBF]

    /// `timeZone`: the event's IANA zone (UTC without one).
    static func encode(_ registrations: [Registration], timeZone: String?, bom: Bool = true) -> [UInt8] {
        var out: [UInt8] = bom ? byteOrderMark : []
        func instant(_ value: Instant?) -> String {
            guard let value else { return "" }
            return timeZone.map(value.rfc3339(inZone:)) ?? value.rfc3339UTC
        }
        append(row: header, to: &out)
        for registration in registrations {
            let data = registration.personalData
            append(row: [registration.id, registration.status.rawValue, instant(registration.createdAt),
                         instant(registration.cancelledAt), registration.slotId ?? "", data?.name ?? "",
                         data?.email ?? "", data?.organisation ?? "", registration.language ?? "",
                         registration.isErased ? "true" : "false"], to: &out)
        }
        return out
    }

    static func append(row: [String], to out: inout [UInt8]) {
        for (index, field) in row.enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            out.append(contentsOf: cell(field).utf8)
        }
        out.append(contentsOf: [13, 10])
    }

    /// One field, neutralised and quoted as needed.
    static func cell(_ value: String) -> String {
        var text = value
        if let first = text.unicodeScalars.first, ["=", "+", "-", "@", "\t", "\r"].contains(first) {
            text = "'" + text
        }
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\r" || $0 == "\n" || $0 == "\r\n" }) else {
            return text
        }
        return "\"" + text.replacing("\"", with: "\"\"") + "\""
    }
}
