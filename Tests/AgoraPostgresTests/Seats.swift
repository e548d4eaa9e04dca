// A toy state with what makes the shared log matter: a capacity that must never be exceeded across instances,
// and a retry (the same name) that must get the first answer back, as an Idempotency-Key does.
import AgoraStore

struct Seats: JournaledState {
    var capacity = 10
    var holders: [String] = []

    enum Command: Codable, Sendable, Equatable {
        case take(name: String)
    }

    enum Failure: Error, Equatable {
        case full
    }

    /// The seat number (1-based) `name` holds.
    func applying(_ command: Command) throws(Failure) -> (state: Seats, outcome: Int) {
        var next = self
        switch command {
        case .take(let name):
            if let seat = holders.firstIndex(of: name) { return (self, seat + 1) }
            guard holders.count < capacity else { throw .full }
            next.holders.append(name)
            return (next, next.holders.count)
        }
    }

    static func purgesHistory(_ command: Command) -> Bool { false }
}

typealias SeatStore = DurableStore<Seats>
