/// Every registration of the state, in order of arrival, stored compactly: a million of them must fit in
/// memory twice (the store keeps a spare copy for the next batch) with room to spare, and be rebuilt from
/// disk in seconds. A `[String: Registration]` took about 2 KB a registration (a 200-byte struct in a
/// half-empty hash table, a heap allocation for every string over 15 bytes, and the same again in the
/// per-event indexes); here one is a fixed-size row plus its text in one shared byte buffer, about a
/// tenth of that. Rows and text lie in blocks (`BlockArray.swift`, `ByteBlocks.swift`), so the store's two copies of the
/// state share what neither changed.
///
/// - `rows[i]`: the numbers and lengths of one registration; rows are in order of arrival (ascending
///   `sequence`), so the waiting list and every per-event order follow from the row numbers.
/// - `text`: each row's strings back to back, UTF-8 (id, name, e-mail, organisation, cancellation-token
///   digest, retry key, request digest; digests in binary). Erasure overwrites the personal parts with zeros.
/// - `names`: the few distinct event ids, slot ids and languages, interned; rows hold their numbers.
/// - `byId`, `activeByEmail`: hash indexes of row numbers (see `RowIndex`).
/// - `ledgers`: per interned event, its rows, confirmed count and waiting list.
///
/// Readers see `Registration` values, made on demand (`self[id]`, iteration).
public struct RegistrationTable: Sendable {
    package struct Row: Sendable {
        /// Where the row's strings start in `text` (see `ByteBlocks`).
        var text: Int
        package var sequence: Int
        package var createdAt: Int64
        package var cancelledAt: Int64
        package var erasedAt: Int64
        package var event: Int32
        /// -1: none (likewise `language`).
        package var slot: Int32
        package var language: Int32
        var idLength: UInt32
        var nameLength: UInt32
        var emailLength: UInt32
        var organisationLength: UInt32
        var tokenLength: UInt32
        var retryKeyLength: UInt32
        var requestLength: UInt32
        package var status: RegistrationStatus
        package var flags: Flags
    }

    package struct Flags: OptionSet, Sendable {
        package let rawValue: UInt8
        package init(rawValue: UInt8) { self.rawValue = rawValue }
        package static let personalData = Flags(rawValue: 1)
        package static let organisation = Flags(rawValue: 2)
        package static let claim = Flags(rawValue: 4)
        package static let retryKey = Flags(rawValue: 8)
        package static let requestDigest = Flags(rawValue: 16)
        /// The row's event was deleted: the row stays (row numbers are stable) but counts for nothing.
        package static let deleted = Flags(rawValue: 32)
        /// The cancellation-token digest (likewise the request digest) is stored as its 32 bytes, not
        /// its 64 hex digits (`HexDigest`).
        package static let packedToken = Flags(rawValue: 64)
        package static let packedRequest = Flags(rawValue: 128)
    }

    /// Marks an absent instant in a row.
    static let noInstant = Int64.min

    var rows = BlockArray<Row>()
    var text = ByteBlocks()
    var names = NamePool()
    var byId = RowIndex()
    var activeByEmail = RowIndex()
    var ledgers: [EventLedger] = []
    /// Rows not marked deleted.
    public internal(set) var count = 0
    /// False while rows are appended in bulk (`appendLoaded`); `finishLoading` builds the indexes.
    var indexed = true

    public init() {}

    public var isEmpty: Bool { count == 0 }

    public subscript(id: String) -> Registration? {
        row(id: id).map { registration(at: Int($0)) }
    }

    public func contains(id: String) -> Bool { row(id: id) != nil }

    /// Every registration, in order of arrival (a sequence of values made on demand).
    public var values: RegistrationTable { self }
}

extension RegistrationTable: Sequence {
    public struct Iterator: IteratorProtocol {
        let table: RegistrationTable
        var position = 0

        public mutating func next() -> Registration? {
            while position < table.rows.count {
                defer { position += 1 }
                if !table.rows[position].flags.contains(.deleted) { return table.registration(at: position) }
            }
            return nil
        }
    }

    public func makeIterator() -> Iterator { Iterator(table: self) }

    public var underestimatedCount: Int { count }
}

extension RegistrationTable: Equatable {
    /// The same registrations in the same order (storage layout and tombstones aside).
    public static func == (lhs: RegistrationTable, rhs: RegistrationTable) -> Bool {
        lhs.count == rhs.count && lhs.elementsEqual(rhs)
    }
}
