/// The rows a statement returned, copied out of libpq's result (text format): each value its bytes, or nil for NULL.
struct PostgresRows: Sendable {
    let statement: String
    let rows: [[[UInt8]?]]

    var count: Int { rows.count }

    /// The value at `row`, `column` as text; nil for NULL.
    func string(_ row: Int, _ column: Int) -> String? {
        rows[row][column].map { String(decoding: $0, as: UTF8.self) }
    }

    /// The value as an integer; throws when it is NULL or not a number (a schema this code did not create).
    func integer(_ row: Int, _ column: Int) throws(PostgresError) -> Int64 {
        guard let text = string(row, column), let value = Int64(text) else {
            throw .unexpectedResult(statement: statement, reason: "column \(column) of row \(row) is not an integer")
        }
        return value
    }

    /// The value's bytes; throws when it is NULL.
    func bytes(_ row: Int, _ column: Int) throws(PostgresError) -> [UInt8] {
        guard let value = rows[row][column] else {
            throw .unexpectedResult(statement: statement, reason: "column \(column) of row \(row) is NULL")
        }
        return value
    }
}
