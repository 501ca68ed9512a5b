/// The post-training formats of the TFLite quantization guide that `qconvert --mode` produces.
public enum ConversionMode: String, Sendable, CaseIterable, CustomStringConvertible {
    /// No quantization: the float baseline (float16 weights of the source are widened to float32).
    case float32
    /// Dynamic range: int8 per-channel weights for conv / depthwise / fully-connected, float activations.
    case dynamic
    /// Full integer with float fallback: int8 activations and weights, float input and output.
    case int8
    /// Integer only, input and output included; an op without an integer kernel is an error.
    case int8Only = "int8-only"
    /// Float16 weights, everything else unchanged.
    case fp16
    /// int16 activations (symmetric), int8 weights, int64 bias.
    case int16x8

    /// Whether the mode needs a representative dataset.
    public var needsCalibration: Bool { self == .int8 || self == .int8Only || self == .int16x8 }

    public var description: String { rawValue }
}

/// The element type of an `int8-only` model's input and output tensors.
public enum IntegerIOType: String, Sendable, CaseIterable {
    case int8, uint8
}
