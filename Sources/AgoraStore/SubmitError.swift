/// Why a submitted command was not applied.
public enum SubmitError<Failure: Error>: Error {
    /// The state refused the command; nothing was written.
    case rejected(Failure)
    /// The store could not make the command durable (disk full, I/O error, closed, unwritable).
    /// The command is not applied; the API answers 503.
    case unavailable(String)
    /// The submitter's precondition (`DurableStore.submit(_:unless:completion:)`) did not hold on the latest state
    /// when the batch was judged: something it depended on changed since it was checked — on a shared log, by a
    /// write through another instance this one had not followed yet. Nothing was written; the API answers 412.
    case preconditionFailed
}
