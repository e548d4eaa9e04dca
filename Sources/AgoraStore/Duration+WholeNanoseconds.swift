/// A duration in whole nanoseconds (negative ones as 0), for the statistics' histograms.
extension Duration {
    var wholeNanoseconds: UInt64 {
        let parts = components
        guard parts.seconds >= 0 else { return 0 }
        return UInt64(parts.seconds) &* 1_000_000_000 &+ UInt64(parts.attoseconds / 1_000_000_000)
    }
}
