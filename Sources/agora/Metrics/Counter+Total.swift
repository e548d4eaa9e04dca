import Prometheus

extension Counter {
    /// The engine and the store keep running totals; a scrape (one at a time, under the exporter's lock, so no
    /// render sees the reset) sets the counter to the total rather than keeping deltas.
    func setTotal(_ total: UInt64) {
        reset()
        increment(by: Int64(clamping: total))
    }
}
