import ObservationBuckets
import Prometheus

/// Moves what a `BucketedHistogram` counted since the last scrape into a swift-prometheus histogram with the same
/// bounds. swift-prometheus records one observation at a time (under its lock), so the engine and the store do
/// not record into it on their hot paths; at scrape time each new observation is recorded once, at the mean of
/// its bucket — every observation of a bucket lies in (lower, upper], so their mean does too, and spreading the
/// remainder of the integer division as +1s keeps the exported sum exact. The cost (tens of ns per request,
/// paid by the scrape on a background queue) scales with the traffic since the previous scrape.
enum HistogramReplay {
    static func replay(_ delta: BucketedHistogram, into histogram: DurationHistogram) {
        forEachObservation(of: delta) { histogram.record(.nanoseconds(Int64(clamping: $0))) }
    }

    static func replay(_ delta: BucketedHistogram, into histogram: ValueHistogram) {
        forEachObservation(of: delta) { histogram.record(Double($0)) }
    }

    private static func forEachObservation(of delta: BucketedHistogram, _ record: (UInt64) -> Void) {
        for (count, sum) in zip(delta.counts, delta.sums) where count > 0 {
            let mean = sum / count
            let remainder = sum % count
            for index in 0..<count { record(index < remainder ? mean + 1 : mean) }
        }
    }

    static func durationBuckets(_ bounds: [UInt64]) -> [Duration] {
        bounds.map { .nanoseconds(Int64(clamping: $0)) }
    }
}
