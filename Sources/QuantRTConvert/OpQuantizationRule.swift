import QuantRTCore

/// A quantization a spec fixes regardless of calibration (e.g. SOFTMAX's int8 output: 1/256, −128).
public struct FixedQuantization: Sendable, Equatable {
    /// The scale.
    public var scale: Float
    /// The zero point.
    public var zeroPoint: Int64
    /// Creates a fixed quantization.
    public init(scale: Float, zeroPoint: Int64) { self.scale = scale; self.zeroPoint = zeroPoint }
}

/// What the TFLite quantization spec requires of one op, and which integer kernels our CPU
/// delegate has for it. One row of ``OpQuantizationRules/table``.
public struct OpQuantizationRule: Sendable {
    /// How the op's output quantization is chosen.
    public enum Output: Sendable {
        /// From the output's own calibrated range.
        case calibrated
        /// Output and every activation input share one quantization (reshape, pooling, concatenation, …).
        case sharedWithInputs
        /// Fixed by the spec: one for int8 outputs, one for int16 outputs.
        case fixed(int8: FixedQuantization, int16: FixedQuantization)
    }

    /// A constant weight input quantized symmetric per channel along `axis`.
    public struct Weight: Sendable {
        /// The input position of the weights.
        public var input: Int
        /// The axis of the output channels (per-axis scales).
        public var axis: Int
    }

    /// Whether our CPU delegate has an int8 kernel (int8 activations, int8 weights, int32 bias).
    public var int8: Bool
    /// Whether it has a 16x8 kernel (int16 activations, int8 weights, int64 bias).
    public var int16x8: Bool
    /// The output's quantization.
    public var output: Output
    /// The weight input, if the op has one.
    public var weight: Weight?
    /// The bias input position, if the op has one (scale = input scale × weight scale, zero point 0).
    public var bias: Int?
    /// Whether `dynamic` mode quantizes the weights (the op has a dynamic-range kernel).
    public var dynamicRange: Bool

    /// Creates a rule.
    public init(int8: Bool = true, int16x8: Bool = true, output: Output = .calibrated, weight: Weight? = nil, bias: Int? = nil, dynamicRange: Bool = false) {
        self.int8 = int8; self.int16x8 = int16x8; self.output = output
        self.weight = weight; self.bias = bias; self.dynamicRange = dynamicRange
    }
}
