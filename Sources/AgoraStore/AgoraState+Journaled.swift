// The domain state made durable: AgoraDomain's commands are journaled as they are (their JSON is the
// journal's "command" field), its in-place `apply` drives replay and batches, and erasing personal
// data (erasure, or deleting an event with its registrations) compacts the files at once. The JSON is the
// store's: the commands' in Command+JournalCodec.swift, the snapshot's in AgoraState+SnapshotCodec.swift.
public import AgoraDomain
import AgoraJSON

extension AgoraState: JournaledState {
    public typealias Command = AgoraDomain.Command
    public typealias Outcome = CommandOutcome
    public typealias Failure = DomainError

    public static func purgesHistory(_ command: AgoraDomain.Command) -> Bool {
        command.erasesPersonalData
    }

    /// Register, cancel and erase (the volume) by hand; every other command through Codable.
    public static func encodeCommand(_ command: AgoraDomain.Command) throws -> [UInt8] {
        try CodableFallback.encode(command) { $0.fastJSON }
    }

    /// Register, cancel and erase by hand; nil for the rest, which the journal reader gives to Codable.
    public static func decodeCommand(_ bytes: [UInt8], range: Range<Int>) -> AgoraDomain.Command? {
        AgoraDomain.Command(fastJSON: bytes, range: range)
    }
}
