/// A piecewise-linear map between quantized values, the arithmetic of TFLite's requantize,
/// RELU family, LEAKY_RELU and ABS kernels (and NEG): the input minus its zero point, scaled
/// by one multiplier where it is non-negative and another where it is negative (with an
/// optional sign flip), plus the output zero point, clamped.
struct QuantizedRescale {
    let inputZeroPoint: Int32, outputZeroPoint: Int32
    let nonNegative: QuantizedMultiplier, negative: QuantizedMultiplier
    let negate: Bool
    /// ABS: the magnitude of the input minus its zero point.
    let absolute: Bool
    let minimum: Int32, maximum: Int32

    init(inputZeroPoint: Int32, outputZeroPoint: Int32, nonNegative: QuantizedMultiplier,
         negative: QuantizedMultiplier? = nil, negate: Bool = false, absolute: Bool = false, range: (Int32, Int32)) {
        self.inputZeroPoint = inputZeroPoint
        self.outputZeroPoint = outputZeroPoint
        self.nonNegative = nonNegative
        self.negative = negative ?? nonNegative
        self.negate = negate
        self.absolute = absolute
        (minimum, maximum) = range
    }

    @inline(__always)
    func callAsFunction(_ q: Int32) -> Int32 {
        var value = q &- inputZeroPoint
        if negate || (absolute && value < 0) { value = 0 &- value }
        let scaled = value >= 0 ? nonNegative.apply(value) : negative.apply(value)
        return min(max(scaled &+ outputZeroPoint, minimum), maximum)
    }
}
