/// How the GPU delegate stores tensors and computes.
///
/// Dot products, window sums and reductions accumulate in float32 in every variant; the
/// variants differ in the storage of weights and activations and in element-wise arithmetic.
public enum GPUPrecision: String, Sendable, CaseIterable, Comparable, CustomStringConvertible {
    /// float32 storage and arithmetic (the last resort, and the user's overflow escape hatch).
    case fp32
    /// float16 storage (`VK_KHR_16bit_storage`), float32 arithmetic.
    case fp16Storage = "fp16-storage"
    /// float16 storage and float16 element-wise arithmetic (`VK_KHR_shader_float16_int8`).
    case fp16

    /// Parses `fp16`, `fp16-storage` (or `fp16storage`), `fp32`.
    public init?(parsing text: String) {
        switch text.lowercased() {
        case "fp16", "float16", "half": self = .fp16
        case "fp16-storage", "fp16storage", "fp16_storage": self = .fp16Storage
        case "fp32", "float32", "float": self = .fp32
        default: return nil
        }
    }

    /// Whether tensors are float16 in device memory.
    public var storesFloat16: Bool { self != .fp32 }

    /// The shader variant name in `ShaderBinaries`.
    var shaderVariant: String {
        switch self {
        case .fp32: "fp32"
        case .fp16Storage: "fp16Storage"
        case .fp16: "fp16"
        }
    }

    private var rank: Int {
        switch self {
        case .fp32: 0
        case .fp16Storage: 1
        case .fp16: 2
        }
    }

    public static func < (lhs: GPUPrecision, rhs: GPUPrecision) -> Bool { lhs.rank < rhs.rank }

    public var description: String { rawValue }
}
