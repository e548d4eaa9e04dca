public import AgoraStore
import Dispatch
import Synchronization

extension DurableStore {
    /// Blocking submit for driver threads (never call it from an event loop or the store's queue): the stress
    /// driver's writers and the benchmarks wait for each acknowledgement like an HTTP client does.
    public func submitAndWait(_ command: State.Command) -> Result<State.Outcome, SubmitError<State.Failure>> {
        let done = DispatchSemaphore(value: 0)
        let outcome = Mutex<Result<State.Outcome, SubmitError<State.Failure>>?>(nil)
        submit(command) { result in
            outcome.withLock { $0 = result }
            done.signal()
        }
        done.wait()
        return outcome.withLock { $0 } ?? .failure(.unavailable("no completion"))
    }
}
