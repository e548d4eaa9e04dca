import AgoraDomain
import AgoraStore
import HTTPServer
import Logging

/// The one way a write reaches the store. On the event loop: the `If-Match` precondition, checked atomically with
/// registering the write as pending on its entity (`PendingWrites`), then the write made from the current state.
/// Then `Reply.later`: the command is submitted, and the store's completion (after fsync, on its writer queue)
/// becomes the answer — through the write's refusal hook for a refusal, made again for a retry — and every path
/// ends in `finish`, the one completion point of a write: the entity is released, the answer marked `no-store`
/// and the connection completed. Refusals become their problem (404/409/422) and a store that cannot write 503
/// with `Retry-After`, both through `APIError`.
struct StoreSubmission: Sendable {
    let store: DurableStore<AgoraState>
    let pending: PendingWrites
    /// Where the current ETag of a resource comes from (the read path's cache, or a render).
    let read: PublicRead
    /// Each write's ending, at `debug`: the outcome's case and id, or the refusal — ids and codes only, never a
    /// body (registrations carry personal data).
    let logger: Logger

    /// The reply to a write route's request for `write`, made only if `precondition` holds.
    func reply(_ write: StoreWrite, if precondition: StoreWrite.Precondition? = nil) throws -> Reply {
        try reply(if: precondition) { _ in write }
    }

    /// The reply to a write made from the current state by `make` — after `precondition` was checked against that
    /// state, so a merge patch applies to what `If-Match` matched; for a retry, made again from the state then.
    /// Throws (an answer now, nothing submitted) a 412 for a failed precondition and whatever `make` throws.
    func reply(if precondition: StoreWrite.Precondition? = nil,
               making make: @escaping @Sendable (AgoraState) throws -> StoreWrite) throws -> Reply {
        // The state before the check: on a shared log a follower may apply another instance's change to the entity
        // between the check and `make`, and then the tag checked is not that of the state the write is made from.
        let checked = store.state
        let entity = try pending.begin(precondition, currentETag: { read.currentETag(of: $0) },
                                       diagnose: { read.mismatch(of: $0, on: $1) })
        let write: StoreWrite
        let state = store.state
        do {
            if let precondition, precondition.ifMatch != nil,
               precondition.resource.entityChanged(since: checked)?(state) == true {
                throw WriteProblem.preconditionFailed(path: precondition.resource.path, .changed)
            }
            write = try make(state)
        } catch {
            if let entity { pending.end(entity) }
            throw error
        }
        // `If-Match` judged again by the store on the latest state (a shared log's head), against the entity as it
        // was when the write was made from it: two instances cannot both win with one tag.
        let guarded = precondition.flatMap { $0.ifMatch == nil ? nil : $0 }
        let stale = guarded?.resource.entityChanged(since: state)
        return .later { completion in
            submit(write, attempt: 0, making: make, guarded: guarded, unless: stale, holding: entity,
                   completion: completion)
        }
    }

    private func submit(_ write: StoreWrite, attempt: Int, making make: @escaping @Sendable (AgoraState) throws -> StoreWrite,
                        guarded precondition: StoreWrite.Precondition?, unless stale: (@Sendable (AgoraState) -> Bool)?,
                        holding entity: String?, completion: ResponseCompletion) {
        // The time of the write goes into the command (revisions of events and slots), so a replay gives the same.
        store.submit(write.command.stamped(at: read.now()), unless: stale) { result in
            switch result {
            case .success(let outcome):
                logger.debug("write applied", metadata: ["outcome": "\(outcome)", "sequence": "\(store.sequence)"])
                finish(Result { try write.answer(outcome, store.state) }, holding: entity, completion: completion)
            case .failure(.preconditionFailed) where precondition != nil:
                logger.debug("write refused", metadata: ["refusal": "preconditionFailed", "attempt": "\(attempt)"])
                let path = precondition.map(\.resource.path) ?? ""
                finish(.failure(WriteProblem.preconditionFailed(path: path, .changed)), holding: entity,
                       completion: completion)
            case .failure(let error):
                logger.debug("write refused", metadata: ["refusal": "\(Self.refusalName(error))", "attempt": "\(attempt)"])
                switch write.refusal(error, attempt) {
                case .fail(let problem): finish(.failure(problem), holding: entity, completion: completion)
                case .answer(let response): finish(.success(response), holding: entity, completion: completion)
                case .retry:
                    do {
                        // A retry keeps the first attempt's precondition: what `If-Match` matched must still be
                        // there (retries are creations today, which carry none).
                        let again = try make(store.state)
                        submit(again, attempt: attempt + 1, making: make, guarded: precondition, unless: stale,
                               holding: entity, completion: completion)
                    } catch {
                        finish(.failure(error), holding: entity, completion: completion)
                    }
                }
            }
        }
    }

    /// Where every write ends, exactly once: the entity stops being pending before the answer leaves, so a client
    /// that writes again after reading the answer is not refused as concurrent.
    private func finish(_ result: Result<Response, any Error>, holding entity: String?, completion: ResponseCompletion) {
        if let entity { pending.end(entity) }
        switch result {
        case .success(var response):
            // RFC 9111 §5.2.2.5: an answer to a write is nobody's to store (admin data, personal data, tokens).
            response.headers.set("Cache-Control", "no-store")
            completion.succeed(response)
        case .failure(let error):
            completion.fail(error)
        }
    }

    /// A refusal as the log may name it: its kind and code, never a validation message (those quote the input).
    static func refusalName(_ error: SubmitError<DomainError>) -> String {
        switch error {
        case .unavailable(let reason): "unavailable: \(reason)"
        case .preconditionFailed: "preconditionFailed"
        case .rejected(.notFound(let kind, _)): "notFound: \(kind.rawValue)"
        case .rejected(.conflict(let conflict)): "conflict: \(conflict.code)"
        case .rejected(.validation(let issues)): "validation: \(issues.map(\.path).joined(separator: ", "))"
        }
    }
}
