// The small state StoreStress drives: records keyed by id, each about the size of a registration, so
// stress and benchmark figures say something about the real journal.

struct StressLedger: JournaledState {
    struct Record: Codable, Sendable, Equatable {
        let writer: Int
        let payload: String
    }

    enum Command: Codable, Sendable, Equatable {
        case record(id: String, writer: Int, payload: String)
    }

    enum Failure: Error, Equatable {
        case duplicate(String)
    }

    var records: [String: Record] = [:]

    func applying(_ command: Command) throws(Failure) -> (state: StressLedger, outcome: Int) {
        var next = self
        let outcome = try next.apply(command)
        return (next, outcome)
    }

    mutating func apply(_ command: Command) throws(Failure) -> Int {
        switch command {
        case .record(let id, let writer, let payload):
            guard records[id] == nil else { throw .duplicate(id) }
            records[id] = Record(writer: writer, payload: payload)
            return records.count
        }
    }

    static func purgesHistory(_ command: Command) -> Bool { false }

    /// A registration-sized body: name, e-mail, organisation, language.
    static func payload(writer: Int, index: Int) -> String {
        "Participant \(writer)-\(index) <participant.\(writer).\(index)@example.org> Office social, Ville de Luxembourg; fr"
    }
}
