import ObservationBuckets
import Testing
import TestSupport

@Suite("Bucketed histograms")
struct BucketedHistogramTests {
    static let bounds: [UInt64] = [10, 100, 1_000]

    @Test func valuesFallIntoTheFirstBucketWhoseBoundHoldsThemBoundsIncluded() {
        var histogram = BucketedHistogram(upperBounds: Self.bounds)
        for value: UInt64 in [0, 10, 11, 100, 999, 1_000, 1_001, 5_000_000] { histogram.record(value) }
        #expect(histogram.counts == [2, 2, 2, 2])
        #expect(histogram.sums == [10, 111, 1_999, 5_001_001])
        #expect(histogram.count == 8)
    }

    @Test("the bucket found from the value's bit width is the one a scan of every bound finds",
          arguments: [[10, 100, 1_000], [0, 1, 2, 3, 4, 5, 6, 7, 8], [50_000, 100_000, 250_000, 500_000, 1_000_000],
                      [1, 1 << 32, UInt64.max - 1], [UInt64.max], []] as [[UInt64]])
    func bucketFromBitWidth(bounds: [UInt64]) {
        let histogram = BucketedHistogram(upperBounds: bounds)
        var random = SplitMix64(seed: 16)
        // Every bound, its neighbours, the extremes, and random values of every width.
        var values: [UInt64] = [0, 1, UInt64.max]
        for bound in bounds { values += [bound &- 1, bound, bound &+ 1] }
        for width in 0..<64 { for _ in 0..<8 { values.append(random.next() >> UInt64(width)) } }
        for value in values {
            let scanned = bounds.firstIndex { value <= $0 } ?? bounds.count
            #expect(histogram.bucket(of: value) == scanned, "\(value) in \(bounds)")
        }
    }

    @Test func aHistogramBuiltFromCountsAndSumsHoldsThem() {
        var recorded = BucketedHistogram(upperBounds: Self.bounds)
        for value: UInt64 in [3, 50, 50, 2_000] { recorded.record(value) }
        let built = BucketedHistogram(upperBounds: Self.bounds, counts: recorded.counts, sums: recorded.sums)
        #expect(built == recorded)
    }

    @Test func theDifferenceFromAnEarlierCopyIsWhatCameSinceAndAStaleCopyIsRefused() throws {
        var histogram = BucketedHistogram(upperBounds: Self.bounds)
        histogram.record(5)
        let earlier = histogram
        histogram.record(50)
        histogram.record(7)
        let delta = try #require(histogram.subtracting(earlier))
        #expect(delta.counts == [1, 1, 0, 0] && delta.sums == [7, 50, 0, 0])
        #expect(earlier.subtracting(histogram) == nil, "the older copy minus the newer is no difference")
    }

    @Test("replaying the observations into a histogram with the same bounds gives the same counts and sums",
          arguments: [1 as UInt64, 2, 3, 7, 1_000])
    func replayIsExact(seed: UInt64) {
        var generator = SplitMix64(seed: seed)
        var histogram = BucketedHistogram(upperBounds: Self.bounds)
        for _ in 0..<(Int(seed % 50) + 20) { histogram.record(generator.next() % 3_000) }
        var replayed = BucketedHistogram(upperBounds: Self.bounds)
        histogram.replay { replayed.record($0) }
        #expect(replayed == histogram)
    }
}
