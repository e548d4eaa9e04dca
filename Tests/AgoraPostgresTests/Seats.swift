// A toy state with what makes the shared log matter: a capacity that must never be exceeded across instances,
// a retry (the same name) that must get the first answer back, as an Idempotency-Key does, and an erasure that
// keeps the seat taken but forgets its holder's name (as an erased registration stays an anonymous count).
import AgoraStore

struct Seats: JournaledState {
    var capacity = 10
    var holders: [String] = []

    enum Command: Codable, Sendable, Equatable {
        case take(name: String)
        /// Forgets the name holding seat `seat` (1-based); again on an erased seat it does nothing, so a retry
        /// of an erasure whose outcome was unknown succeeds.
        case erase(seat: Int)
    }

    enum Failure: Error, Equatable {
        case full
        case noSuchSeat
    }

    /// The seat number (1-based) the command took, found taken by the same name, or erased.
    func applying(_ command: Command) throws(Failure) -> (state: Seats, outcome: Int) {
        var next = self
        switch command {
        case .take(let name):
            if let seat = holders.firstIndex(of: name) { return (self, seat + 1) }
            guard holders.count < capacity else { throw .full }
            next.holders.append(name)
            return (next, next.holders.count)
        case .erase(let seat):
            guard holders.indices.contains(seat - 1) else { throw .noSuchSeat }
            next.holders[seat - 1] = ""
            return (next, seat)
        }
    }

    static func purgesHistory(_ command: Command) -> Bool {
        if case .erase = command { return true }
        return false
    }
}

typealias SeatStore = DurableStore<Seats>
