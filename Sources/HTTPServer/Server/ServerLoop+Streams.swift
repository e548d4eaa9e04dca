/// Held streams on one loop (`StreamedResponse`), for the drain.
extension ServerLoop {
    /// Ends every held stream on this loop with its farewell; each connection closes once that is written. The
    /// drain calls it first, so held streams end at once instead of holding the drain until its timeout.
    func endHeldStreams() {
        for connection in Array(connections.values) where connection.heldStream != nil {
            connection.endStreamForDrain()
        }
    }

    /// How many held streams this loop writes (loop only).
    var heldStreamCount: Int {
        connections.values.reduce(0) { $0 + ($1.heldStream == nil ? 0 : 1) }
    }
}
