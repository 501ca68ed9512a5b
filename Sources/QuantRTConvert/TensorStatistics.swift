/// What calibration has seen of one tensor: its min and max, and a histogram when the method needs one.
struct TensorStatistics: Sendable {
    private(set) var min = Float.infinity
    private(set) var max = -Float.infinity
    private var histogram: RangeHistogram?

    /// Creates empty statistics.
    init(histogram: Bool) { self.histogram = histogram ? RangeHistogram() : nil }

    /// Adds one sample's values.
    mutating func add(_ values: UnsafeBufferPointer<Float>) {
        var low = Float.infinity, high = -Float.infinity
        for value in values {
            low = Swift.min(low, value)
            high = Swift.max(high, value)
        }
        min = Swift.min(min, low)
        max = Swift.max(max, high)
        histogram?.add(values, maxMagnitude: Swift.max(Swift.abs(low), Swift.abs(high)))
    }

    /// Whether any value was seen.
    var isEmpty: Bool { min > max }

    /// The range `method` chooses.
    func range(_ method: CalibrationMethod) -> TensorRange {
        guard !isEmpty else { return TensorRange(min: 0, max: 0) }
        guard let histogram else { return TensorRange(min: min, max: max) }
        switch method {
        case .minmax:
            return TensorRange(min: min, max: max)
        case .mse:
            return histogram.leastSquaredErrorRange(min: min, max: max, levels: 255)
        case .percentile(let percentile):
            let fraction = percentile / 100
            let low = Swift.max(min, histogram.quantile(1 - fraction))
            let high = Swift.min(max, histogram.quantile(fraction))
            return TensorRange(min: Swift.min(low, high), max: Swift.max(low, high))
        }
    }
}

extension CalibrationMethod {
    /// The range this method chooses for `values` seen as one sample.
    public func range(of values: [Float]) -> TensorRange {
        var statistics = TensorStatistics(histogram: needsHistogram)
        values.withUnsafeBufferPointer { statistics.add($0) }
        return statistics.range(self)
    }
}
