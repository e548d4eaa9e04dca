/// A statement parameter, sent in PostgreSQL's binary format (no quoting, no escaping, no NUL terminator): an
/// `int8` as 8 big-endian bytes, a `text` as its UTF-8 bytes.
enum PostgresValue: Sendable {
    case integer(Int64)
    case text([UInt8])

    static func text(_ string: String) -> PostgresValue { .text(Array(string.utf8)) }

    /// The type's OID (pg_type): int8 is 20, text is 25.
    var typeOID: UInt32 {
        switch self {
        case .integer: 20
        case .text: 25
        }
    }

    var bytes: [UInt8] {
        switch self {
        case .integer(let value): withUnsafeBytes(of: value.bigEndian) { Array($0) }
        case .text(let bytes): bytes
        }
    }
}
