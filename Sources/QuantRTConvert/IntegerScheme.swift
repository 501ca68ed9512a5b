import QuantRTCore

/// The integer types of a full-integer conversion (`int8`, `int8-only`, `int16x8`).
struct IntegerScheme: Sendable {
    /// The mode this scheme implements (named in errors).
    var mode: ConversionMode
    /// Activation dtype: int8 (asymmetric) or int16 (symmetric).
    var activation: DType
    /// Bias dtype: int32, or int64 for 16x8.
    var bias: DType
    /// Whether ops without an integer kernel may stay float.
    var allowFallback: Bool
    /// The dtype of the model's inputs and outputs when they are integer too; `nil` keeps them float.
    var integerIO: IntegerIOType?
    /// How weight scales are chosen.
    var weightScaling: WeightScaling

    /// The scheme for `options`, or `nil` when the mode is not a full-integer one.
    init?(_ options: ConversionOptions) {
        mode = options.mode
        weightScaling = options.effectiveWeightScaling
        int16Headroom = options.int16Headroom
        switch options.mode {
        case .int8: activation = .int8; bias = .int32; allowFallback = true; integerIO = nil
        case .int8Only: activation = .int8; bias = .int32; allowFallback = false; integerIO = options.ioType
        case .int16x8: activation = .int16; bias = .int64; allowFallback = options.allowFloatFallback; integerIO = nil
        default: return nil
        }
    }

    /// How much int16 activation ranges are widened beyond the calibrated ones.
    var int16Headroom: Float

    /// Whether `rule`'s op has a kernel in this scheme.
    func hasKernel(_ rule: OpQuantizationRule) -> Bool { activation == .int16 ? rule.int16x8 : rule.int8 }

    /// `int8` or `16x8`, for messages.
    var kernelName: String { activation == .int16 ? "16x8" : "int8" }

    /// The fixed quantization of this scheme's activation type.
    func fixed(_ output: OpQuantizationRule.Output) -> Quantization? {
        guard case .fixed(let int8, let int16) = output else { return nil }
        let chosen = activation == .int16 ? int16 : int8
        return Quantization(scales: [chosen.scale], zeroPoints: [chosen.zeroPoint])
    }
}
