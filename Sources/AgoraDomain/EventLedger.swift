/// The registrations of one event as row numbers, and the counts the rules need.
struct EventLedger: Sendable {
    /// Every row of the event, in order of arrival.
    var rows: [Int32] = []
    var confirmed = 0
    /// Entries before `waitlistStart` were promoted already; they stay until enough accumulate, so
    /// promoting is O(1) even with a long waiting list.
    var waitlistStorage: [Int32] = []
    var waitlistStart = 0

    var waitlist: ArraySlice<Int32> { waitlistStorage[waitlistStart...] }

    mutating func popFirstWaiting() {
        waitlistStart += 1
        if waitlistStart >= 1024, waitlistStart * 2 >= waitlistStorage.count {
            waitlistStorage.removeFirst(waitlistStart)
            waitlistStart = 0
        }
    }
}
