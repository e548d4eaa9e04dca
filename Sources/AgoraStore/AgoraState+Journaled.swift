// The domain state made durable: AgoraDomain's commands are journaled as they are (their JSON is the
// journal's "command" field), its in-place `apply` drives replay and batches, and erasing personal
// data (erasure, or deleting an event with its registrations) compacts the files at once.
public import AgoraDomain

extension AgoraState: JournaledState {
    public typealias Command = AgoraDomain.Command
    public typealias Outcome = CommandOutcome
    public typealias Failure = DomainError

    public static func purgesHistory(_ command: AgoraDomain.Command) -> Bool {
        command.erasesPersonalData
    }
}
