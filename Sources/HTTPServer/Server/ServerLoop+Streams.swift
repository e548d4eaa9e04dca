/// Held streams on one loop (`StreamedResponse`). The drain ends them through `Connection.onDrain`, which
/// `beginStream` sets.
extension ServerLoop {
    /// How many held streams this loop writes (loop only).
    var heldStreamCount: Int {
        connections.values.reduce(0) { $0 + ($1.heldStream == nil ? 0 : 1) }
    }
}
