/// A histogram of values over [−limit, limit) with a fixed number of bins; when a value falls
/// outside, the limit doubles and neighbouring bins merge, so one pass over the dataset suffices.
struct RangeHistogram: Sendable {
    /// Bins over [−limit, limit).
    static let binCount = 2048
    private(set) var bins = [UInt64](repeating: 0, count: binCount)
    private(set) var limit: Float = 0
    private(set) var total: UInt64 = 0

    /// Adds `values`, whose largest magnitude is `maxMagnitude`.
    mutating func add(_ values: UnsafeBufferPointer<Float>, maxMagnitude: Float) {
        guard maxMagnitude.isFinite else { return }
        if limit == 0 { limit = maxMagnitude > 0 ? maxMagnitude * 1.0001 : 1e-6 }
        while maxMagnitude >= limit { doubleLimit() }
        let count = Self.binCount
        let perUnit = Float(count) / (2 * limit)
        bins.withUnsafeMutableBufferPointer { bins in
            for value in values {
                let index = Int((value + limit) * perUnit)
                bins[Swift.min(Swift.max(index, 0), count - 1)] &+= 1
            }
        }
        total &+= UInt64(values.count)
    }

    /// Doubles the covered interval: bin `i` of the old histogram lands in bin `count/4 + i/2`.
    private mutating func doubleLimit() {
        var merged = [UInt64](repeating: 0, count: Self.binCount)
        for (index, count) in bins.enumerated() { merged[Self.binCount / 4 + index / 2] &+= count }
        bins = merged
        limit *= 2
    }

    /// The value below which a `fraction` of the values lie (interpolated inside its bin).
    func quantile(_ fraction: Double) -> Float {
        guard total > 0 else { return 0 }
        let target = fraction * Double(total)
        var cumulative = 0.0
        let width = 2 * limit / Float(Self.binCount)
        for (index, count) in bins.enumerated() where count > 0 {
            let next = cumulative + Double(count)
            if next >= target {
                let within = Float((target - cumulative) / Double(count))
                return -limit + (Float(index) + within) * width
            }
            cumulative = next
        }
        return limit
    }
}
