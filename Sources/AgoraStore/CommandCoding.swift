// How the store turns a command into the journal's `command` field.
import FoundationEssentials

enum CommandCoding {
    static func encode<Command: Encodable>(_ command: Command) throws -> Data {
        try JSONEncoder().encode(command)
    }
}
