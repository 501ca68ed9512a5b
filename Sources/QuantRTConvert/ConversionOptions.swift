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
    /// How per-channel weight scales are chosen (`nil`: ``WeightScaling/defaultScaling(for:)``).
    public var weightScaling: WeightScaling?

    /// The weight scaling in effect.
    public var effectiveWeightScaling: WeightScaling { weightScaling ?? .defaultScaling(for: mode) }
    /// `int16x8`: factor by which calibrated activation ranges are widened (int16 has resolution to
    /// spare; values beyond the calibration set are then not clipped).
    public var int16Headroom: Float
    /// `int16x8`: compute SQUARED_DIFFERENCE as SUB then MUL (see ``SquaredDifferenceDecomposition``).
    public var squaredDifferenceAsSubMul: Bool

    /// Creates options; the defaults are the TFLite converter's.
    public init(mode: ConversionMode, ioType: IntegerIOType = .int8, allowFloatFallback: Bool = false,
                calibrationMethod: CalibrationMethod = .minmax, threads: Int = 1, weightScaling: WeightScaling? = nil, int16Headroom: Float = 2, squaredDifferenceAsSubMul: Bool = false) {
        self.mode = mode
        self.ioType = ioType
        self.allowFloatFallback = allowFloatFallback
        self.calibrationMethod = calibrationMethod
        self.threads = threads
        self.weightScaling = weightScaling
        self.int16Headroom = int16Headroom
        self.squaredDifferenceAsSubMul = squaredDifferenceAsSubMul
    }
}
