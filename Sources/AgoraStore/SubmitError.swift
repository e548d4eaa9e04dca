/// Why a submitted command was not applied.
public enum SubmitError<Failure: Error>: Error {
    /// The state refused the command; nothing was written.
    case rejected(Failure)
    /// The store could not make the command durable (disk full, I/O error, closed, unwritable).
    /// The command is not applied; the API answers 503.
    case unavailable(String)
}
