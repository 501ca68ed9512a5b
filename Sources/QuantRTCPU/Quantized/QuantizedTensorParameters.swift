import QuantRTCore

/// Per-tensor affine quantization of an activation, checked for a quantized kernel:
/// `real = (q − zeroPoint) · scale`, with the storage type's integer range.
struct AffineParameters {
    let scale: Float
    let zeroPoint: Int32
    let type: DType
    /// The storage type's range, e.g. [-128, 127] for int8.
    let minimum: Int32, maximum: Int32

    var scaleDouble: Double { Double(scale) }
}

/// The quantized integer types activations are stored in.
let quantizedActivationTypes: Set<DType> = [.int8, .uint8, .int16]

extension DType {
    /// The integer range of a quantized storage type.
    var quantizedRange: (minimum: Int32, maximum: Int32)? {
        switch self {
        case .int8: (-128, 127)
        case .uint8: (0, 255)
        case .int16: (-32768, 32767)
        default: nil
        }
    }
}

extension KernelNode {
    /// The per-tensor quantization of an activation tensor, which must be int8, uint8 or int16
    /// (or one of `allowed`).
    func affine(_ tensor: Int, _ role: String, allowed: Set<DType> = quantizedActivationTypes) throws -> AffineParameters {
        let type = dtype(tensor)
        guard allowed.contains(type), let range = type.quantizedRange else {
            let names = allowed.map(\.rawValue).sorted().joined(separator: ", ")
            throw KernelError.unsupported("\(kind) with \(type) \(role) \(describe(tensor)): the quantized kernel takes \(names)")
        }
        guard let q = graph.tensors[tensor].quantization, q.scales.count == 1, q.zeroPoints.count == 1 else {
            throw invalid("the \(role) \(describe(tensor)) needs per-tensor quantization (one scale and one zero point)")
        }
        guard q.scale.isFinite, q.scale > 0 else {
            throw invalid("the \(role) \(describe(tensor)) has scale \(q.scale); it must be a positive finite number")
        }
        guard q.zeroPoint >= Int64(range.minimum), q.zeroPoint <= Int64(range.maximum) else {
            throw invalid("the \(role) \(describe(tensor)) has zero point \(q.zeroPoint), outside the \(type) range \(range.minimum)...\(range.maximum)")
        }
        return AffineParameters(scale: q.scale, zeroPoint: Int32(q.zeroPoint), type: type, minimum: range.minimum, maximum: range.maximum)
    }

    /// The same quantized type for two tensors, e.g. an elementwise op's input and output.
    func requireSameQuantizedType(_ a: AffineParameters, _ b: AffineParameters, _ roles: String) throws {
        guard a.type == b.type else { throw invalid("the \(roles) must have the same dtype, got \(a.type) and \(b.type)") }
    }

    /// int16 activations of the 16x8 scheme are symmetric: their zero point must be 0.
    func requireSymmetricInt16(_ p: AffineParameters, _ tensor: Int, _ role: String) throws {
        if p.type == .int16 && p.zeroPoint != 0 {
            throw KernelError.unsupported("\(kind) with int16 \(role) \(describe(tensor)) of zero point \(p.zeroPoint): int16 activations must be symmetric (zero point 0)")
        }
    }

    /// The clamp bounds of a fused activation in the quantized domain (TFLite's
    /// `CalculateActivationRangeQuantized`): the float bounds quantized with the output's
    /// parameters, intersected with the storage range.
    func quantizedActivationRange(_ activation: FusedActivation, _ output: AffineParameters) throws -> (Int32, Int32) {
        let quantize = { (x: Float) -> Int32 in
            output.zeroPoint &+ Int32(clamping: Int64((x / output.scale).rounded(.toNearestOrAwayFromZero)))
        }
        switch activation {
        case .none: return (output.minimum, output.maximum)
        case .relu: return (max(output.minimum, quantize(0)), output.maximum)
        case .relu6: return (max(output.minimum, quantize(0)), min(output.maximum, quantize(6)))
        case .reluN1To1: return (max(output.minimum, quantize(-1)), min(output.maximum, quantize(1)))
        case .tanh, .signBit:
            throw KernelError.unsupported("\(kind) with a fused \(activation) activation on quantized tensors")
        }
    }

    /// Per-channel weight scales of an int8 filter or weight matrix (one per-tensor scale is
    /// repeated): the zero points must be 0 (symmetric), except where `allowZeroPoint`.
    func weightScales(_ tensor: Int, channels: Int, axis: Int, _ role: String) throws -> [Float] {
        guard dtype(tensor) == .int8 else {
            throw KernelError.unsupported("\(kind) with \(dtype(tensor)) \(role) \(describe(tensor)): quantized kernels take int8 weights")
        }
        try requireDense(tensor, role)
        guard let q = graph.tensors[tensor].quantization, !q.scales.isEmpty, q.scales.count == q.zeroPoints.count else {
            throw invalid("the \(role) \(describe(tensor)) needs quantization parameters")
        }
        guard q.scales.allSatisfy({ $0.isFinite && $0 > 0 }) else {
            throw invalid("the \(role) \(describe(tensor)) has a scale that is not a positive finite number")
        }
        if q.scales.count == 1 { return [Float](repeating: q.scale, count: channels) }
        guard q.scales.count == channels, q.axis == axis else {
            throw invalid("the \(role) \(describe(tensor)) has \(q.scales.count) scales on axis \(q.axis); expected \(channels) on axis \(axis)")
        }
        return q.scales
    }

    /// The zero point of a per-tensor-quantized int8 weight tensor (0 for per-channel weights,
    /// whose zero points must all be 0).
    func weightZeroPoint(_ tensor: Int, _ role: String) throws -> Int32 {
        guard let q = graph.tensors[tensor].quantization else { return 0 }
        if q.zeroPoints.count == 1 { return Int32(clamping: q.zeroPoint) }
        guard q.zeroPoints.allSatisfy({ $0 == 0 }) else {
            throw KernelError.unsupported("\(kind) with per-channel \(role) \(describe(tensor)) whose zero points are not all 0")
        }
        return 0
    }

    /// A quantized bias: int32 (int8 kernels) or int64 (16x8 kernels) with one value per output
    /// channel, read once at prepare when it is a constant.
    func quantizedBias(_ tensor: Int, channels: Int, allowed: Set<DType>) throws -> [Int64]? {
        guard allowed.contains(dtype(tensor)) else {
            let names = allowed.map(\.rawValue).sorted().joined(separator: " or ")
            throw KernelError.unsupported("\(kind) with \(dtype(tensor)) bias \(describe(tensor)): this kernel takes a \(names) bias")
        }
        guard shape(tensor).elementCount == channels else {
            throw invalid("the bias \(describe(tensor)) must have \(channels) elements, one per output channel")
        }
        return graph.constantInts(tensor).map { $0.map(Int64.init) }
    }
}

/// Reads a quantized bias at run time (when it is not a constant).
@inline(__always)
func readBias(_ pointer: UnsafeRawPointer, _ type: DType, _ index: Int) -> Int64 {
    type == .int64 ? pointer.load(fromByteOffset: index * 8, as: Int64.self) : Int64(pointer.load(fromByteOffset: index * 4, as: Int32.self))
}
