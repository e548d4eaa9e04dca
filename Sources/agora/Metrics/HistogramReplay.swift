import ObservationBuckets
import Prometheus

/// Moves what a `BucketedHistogram` counted since the last scrape into a swift-prometheus histogram with the same
/// bounds. swift-prometheus records one observation at a time (under its lock), so the engine and the store do
/// not record into it on their hot paths; at a fold (every few seconds, and at each scrape) each new observation
/// is recorded once, at the mean of its bucket (`BucketedHistogram.replay`), which keeps the exported buckets and
/// sum exact. The cost, tens of ns per request, is paid on the metrics queue, not by the loops.
enum HistogramReplay {
    static func replay(_ delta: BucketedHistogram, into histogram: DurationHistogram) {
        delta.replay { histogram.record(.nanoseconds(Int64(clamping: $0))) }
    }

    static func replay(_ delta: BucketedHistogram, into histogram: ValueHistogram) {
        delta.replay { histogram.record(Double($0)) }
    }

    static func durationBuckets(_ bounds: [UInt64]) -> [Duration] {
        bounds.map { .nanoseconds(Int64(clamping: $0)) }
    }
}
