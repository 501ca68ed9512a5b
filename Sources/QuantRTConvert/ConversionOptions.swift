/// Everything a conversion needs besides the model and the calibration data.
public struct ConversionOptions: Sendable {
    /// The output format.
    public var mode: ConversionMode
    /// `int8-only`: the element type of the model's inputs and outputs.
    public var ioType: IntegerIOType
    /// `int16x8`: keep ops without a 16x8 kernel in float instead of failing.
    public var allowFloatFallback: Bool
    /// How calibrated values become ranges.
    public var calibrationMethod: CalibrationMethod
    /// Threads the calibration runs may use.
    public var threads: Int
    /// Per-channel weight scales with the least squared error (see
    /// ``QuantizationMath/symmetricPerChannelInt8(_:shape:axis:leastSquares:)``) instead of `max|w| / 127`.
    public var leastSquaresWeights: Bool

    /// Creates options; the defaults are the TFLite converter's.
    public init(mode: ConversionMode, ioType: IntegerIOType = .int8, allowFloatFallback: Bool = false,
                calibrationMethod: CalibrationMethod = .minmax, threads: Int = 1, leastSquaresWeights: Bool = false) {
        self.mode = mode
        self.ioType = ioType
        self.allowFloatFallback = allowFloatFallback
        self.calibrationMethod = calibrationMethod
        self.threads = threads
        self.leastSquaresWeights = leastSquaresWeights
    }
}
