// The small state StoreStress drives: records keyed by id, each about the size of a registration, so
// stress and benchmark figures say something about the real journal.
public import AgoraStore

public struct StressLedger: JournaledState {
    public struct Record: Codable, Sendable, Equatable {
        public let writer: Int
        public let payload: String
    }

    public enum Command: Codable, Sendable, Equatable {
        case record(id: String, writer: Int, payload: String)
    }

    public enum Failure: Error, Equatable {
        case duplicate(String)
    }

    public var records: [String: Record] = [:]

    public init() {}

    public func applying(_ command: Command) throws(Failure) -> (state: StressLedger, outcome: Int) {
        var next = self
        let outcome = try next.apply(command)
        return (next, outcome)
    }

    public mutating func apply(_ command: Command) throws(Failure) -> Int {
        switch command {
        case .record(let id, let writer, let payload):
            guard records[id] == nil else { throw .duplicate(id) }
            records[id] = Record(writer: writer, payload: payload)
            return records.count
        }
    }

    public static func purgesHistory(_ command: Command) -> Bool { false }

    /// A registration-sized body: name, e-mail, organisation, language.
    public static func payload(writer: Int, index: Int) -> String {
        "Participant \(writer)-\(index) <participant.\(writer).\(index)@example.org> Office social, Ville de Luxembourg; fr"
    }
}
