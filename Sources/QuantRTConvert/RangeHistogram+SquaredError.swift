extension RangeHistogram {
    /// The range `α·(min, max)` (α from 1 down to 0.2) whose uniform quantization with `levels`
    /// steps has the least squared error over the histogram: step²/12 for each value inside,
    /// the distance to the nearest end for each value outside.
    func leastSquaredErrorRange(min: Float, max: Float, levels: Int) -> TensorRange {
        let low0 = Double(Swift.min(min, 0)), high0 = Double(Swift.max(max, 0))
        guard high0 > low0, total > 0 else { return TensorRange(min: min, max: max) }
        let width = 2 * Double(limit) / Double(Self.binCount)
        let centers = bins.indices.map { -Double(limit) + (Double($0) + 0.5) * width }
        var best = (error: Double.infinity, alpha: 1.0)
        for step in 0...80 {
            let alpha = 1 - Double(step) * 0.01
            let low = low0 * alpha, high = high0 * alpha
            let quantum = (high - low) / Double(levels)
            var error = 0.0
            for (index, count) in bins.enumerated() where count > 0 {
                let x = centers[index]
                let e = x < low ? (low - x) * (low - x) : x > high ? (x - high) * (x - high) : quantum * quantum / 12
                error += Double(count) * e
            }
            if error < best.error { best = (error, alpha) }
        }
        return TensorRange(min: Float(low0 * best.alpha), max: Float(high0 * best.alpha))
    }
}
