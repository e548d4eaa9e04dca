import AgoraDomain
import Testing

/// The domain error a call raised, or nil when it succeeded (any other error is recorded as a failure).
func domainError(_ body: () throws -> Void) -> DomainError? {
    do {
        try body()
        return nil
    } catch let error as DomainError {
        return error
    } catch {
        Issue.record("unexpected error \(error)")
        return nil
    }
}
