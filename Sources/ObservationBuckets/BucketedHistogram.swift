/// Observations counted into fixed buckets, as a Prometheus histogram counts them, but as a plain value: the
/// engine's loops and the store's writer each own one and add to it without a lock or an atomic, and whoever
/// exports them copies it out on the owner's thread (or under the owner's lock) and adds the copies up.
///
/// Each bucket keeps the number of observations that fell into it and their sum (not cumulative), so an
/// exporter replaying the difference between two copies can record each observation at its bucket's mean:
/// the exported bucket counts and sum are then exact.
public struct BucketedHistogram: Sendable, Equatable {
    /// Inclusive upper bounds, ascending (Prometheus's `le`); one more bucket holds everything above the last.
    public let upperBounds: [UInt64]
    /// Observations per bucket; `upperBounds.count + 1` entries, the last one past every bound.
    public var counts: [UInt64] { bucketCounts }
    /// The sum of the observations in each bucket, entry for entry with `counts`.
    public var sums: [UInt64] { bucketSums }
    // Stored apart from the read-only views so `record` can be inlined into the engine's loops (an @inlinable
    // function may only touch @usableFromInline storage), yet nobody outside can set a count.
    @usableFromInline var bucketCounts: [UInt64]
    @usableFromInline var bucketSums: [UInt64]
    /// Where the search for a value's bucket starts, by the value's bit width (`64 - leadingZeroBitCount`, 0…64):
    /// the number of bounds below the smallest value of that width. Every value of the width lies above them, so
    /// its bucket is at that index or after it; for bounds that grow by a factor of 2 or more per bucket or two (as
    /// every histogram here does) the scan from there takes one or two comparisons.
    @usableFromInline let searchStarts: [UInt8]

    public init(upperBounds: [UInt64]) {
        self.upperBounds = upperBounds
        bucketCounts = Array(repeating: 0, count: upperBounds.count + 1)
        bucketSums = bucketCounts
        searchStarts = Self.searchStarts(upperBounds)
    }

    /// A histogram with these counts and sums per bucket (`upperBounds.count + 1` entries each; a shorter or longer
    /// array is padded with zeros or cut), e.g. one kept in a flat array of many by its owner.
    public init(upperBounds: [UInt64], counts: some Collection<UInt64>, sums: some Collection<UInt64>) {
        self.init(upperBounds: upperBounds)
        for (index, value) in zip(bucketCounts.indices, counts) { bucketCounts[index] = value }
        for (index, value) in zip(bucketSums.indices, sums) { bucketSums[index] = value }
    }

    private static func searchStarts(_ bounds: [UInt64]) -> [UInt8] {
        (0...64).map { width in
            let smallest: UInt64 = width == 0 ? 0 : 1 << (width - 1)
            return UInt8(clamping: bounds.prefix { $0 < smallest }.count)
        }
    }

    /// The bucket `value` falls into: the first whose upper bound is ≥ `value`, or the last (past every bound).
    @inlinable
    public func bucket(of value: UInt64) -> Int {
        var index = Int(searchStarts[64 - value.leadingZeroBitCount])
        while index < upperBounds.count, value > upperBounds[index] { index += 1 }
        return index
    }

    /// Wrapping adds: a counter that wraps after 2^64 is harmless.
    @inlinable
    public mutating func record(_ value: UInt64) {
        let index = bucket(of: value)
        bucketCounts[index] &+= 1
        bucketSums[index] &+= value
    }

    public var count: UInt64 { counts.reduce(0, &+) }
    public var sum: UInt64 { sums.reduce(0, &+) }

    /// Adds another histogram with the same bounds (another loop's share); one with other bounds is ignored.
    public mutating func add(_ other: Self) {
        guard other.upperBounds == upperBounds else { return }
        for index in counts.indices {
            bucketCounts[index] &+= other.bucketCounts[index]
            bucketSums[index] &+= other.bucketSums[index]
        }
    }

    /// Hands `record` one value per observation, such that recording them into a histogram with the same bounds
    /// gives exactly these counts and sums: a bucket's observations at its mean, the remainder of the division
    /// spread as +1s. Every observation of a bucket lies in (lower, upper], so the mean and mean + 1 do too (values
    /// are integers). For exporters whose histograms take one observation at a time.
    public func replay(_ record: (UInt64) -> Void) {
        for (count, sum) in zip(counts, sums) where count > 0 {
            let mean = sum / count
            let remainder = sum % count
            for index in 0..<count { record(index < remainder ? mean + 1 : mean) }
        }
    }

    /// What was recorded since `earlier`, a copy of this histogram taken before (an exporter's last scrape); nil
    /// when `earlier` is not earlier — it has more in some bucket, so this copy is the older one of the two.
    public func subtracting(_ earlier: Self) -> Self? {
        guard earlier.upperBounds == upperBounds else { return self }
        var delta = Self(upperBounds: upperBounds)
        for index in counts.indices {
            guard bucketCounts[index] >= earlier.bucketCounts[index] else { return nil }
            delta.bucketCounts[index] = bucketCounts[index] &- earlier.bucketCounts[index]
            delta.bucketSums[index] = bucketSums[index] &- earlier.bucketSums[index]
        }
        return delta
    }
}
