import AgoraDomain
import AgoraStore
import HTTPServer

/// The one way a write route reaches the store: submit the command and answer from the store's completion
/// (after fsync), never blocking an event loop. A refusal becomes its problem (404/409/422) and a store
/// that cannot write becomes 503 with `Retry-After` — both through `APIError`, the one mapping.
struct StoreSubmission: Sendable {
    let store: DurableStore<AgoraState>

    /// Submits `command`; `respond` builds the answer from the outcome and the state that includes it.
    func reply(_ command: Command,
               respond: @escaping @Sendable (CommandOutcome, AgoraState) throws -> Response) -> Reply {
        .later { completion in
            submit(command, completion: completion, respond: respond)
        }
    }

    func submit(_ command: Command, completion: ResponseCompletion,
                respond: @escaping @Sendable (CommandOutcome, AgoraState) throws -> Response) {
        store.submit(command) { result in
            switch result {
            case .success(let outcome):
                do {
                    var response = try respond(outcome, store.state)
                    response.headers.set("Cache-Control", "no-store")
                    completion.succeed(response)
                } catch {
                    completion.fail(error)
                }
            case .failure(let error):
                completion.fail(APIError(error))
            }
        }
    }
}

extension Response {
    /// An answer that must not be stored by any cache (RFC 9111 §5.2.2.5): admin answers and anything
    /// with personal data.
    static func noStore(_ body: [UInt8], status: HTTPStatus = .ok, contentType: String = "application/json; charset=utf-8")
        -> Response {
        var headers = HTTPHeaders()
        headers.add("Content-Type", contentType)
        headers.add("Cache-Control", "no-store")
        return Response(status: status, headers: headers, body: body)
    }
}
