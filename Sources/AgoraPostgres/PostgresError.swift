/// What went wrong talking to PostgreSQL, as a caller can act on it: a server it could not reach (retry later), a
/// connection lost mid-statement (the outcome of a COMMIT in flight is unknown), or a statement the server refused.
public enum PostgresError: Error, Equatable, CustomStringConvertible {
    /// `PQconnectdb` failed: the server is down, unreachable, or refused the credentials.
    case connectFailed(reason: String)
    /// The connection broke while a statement ran: whatever it did may or may not have happened.
    case connectionLost(statement: String, reason: String)
    /// The server answered the statement with an error (SQLSTATE per PostgreSQL's appendix A).
    case statementFailed(statement: String, sqlState: String, reason: String)
    /// A row the server returned is not what the schema promises.
    case unexpectedResult(statement: String, reason: String)

    public var description: String {
        switch self {
        case .connectFailed(let reason): "cannot connect to PostgreSQL: \(reason)"
        case .connectionLost(let statement, let reason): "connection to PostgreSQL lost during \(statement): \(reason)"
        case .statementFailed(let statement, let sqlState, let reason): "PostgreSQL refused \(statement) (SQLSTATE \(sqlState)): \(reason)"
        case .unexpectedResult(let statement, let reason): "unexpected result of \(statement): \(reason)"
        }
    }
}
