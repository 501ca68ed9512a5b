/// The real interval a tensor's quantization must cover.
public struct TensorRange: Sendable, Equatable {
    /// The smallest value.
    public var min: Float
    /// The largest value.
    public var max: Float

    /// Creates a range.
    public init(min: Float, max: Float) { self.min = min; self.max = max }

    /// The smallest range holding both.
    public func union(_ other: TensorRange) -> TensorRange {
        TensorRange(min: Swift.min(min, other.min), max: Swift.max(max, other.max))
    }

    /// The range of `values` (empty values give [0, 0]).
    public init(of values: [Float]) {
        var low = Float.infinity, high = -Float.infinity
        for v in values { low = Swift.min(low, v); high = Swift.max(high, v) }
        self = values.isEmpty ? TensorRange(min: 0, max: 0) : TensorRange(min: low, max: high)
    }
}
