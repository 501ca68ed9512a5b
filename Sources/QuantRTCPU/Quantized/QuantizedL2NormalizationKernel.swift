import QuantRT
import QuantRTCore

/// L2_NORMALIZATION of int8 along the last axis (TFLite's `reference_integer_ops::L2Normalization`):
/// the squared offset inputs summed in int32, the fixed-point inverse square root of the sum
/// applied to each offset input, output at scale 1/128, zero point 0.
final class QuantizedL2NormalizationKernel: CPUKernel {
    private let input: Int, output: Int
    private let rows: Int, depth: Int
    private let inputZeroPoint: Int32

    init(node: Node, graph: Graph) throws {
        let n = KernelNode(node: node, graph: graph)
        guard case .l2Normalization(let activation) = node.op else { throw n.invalid("not an L2_NORMALIZATION") }
        guard activation == .none else {
            throw KernelError.unsupported("L2_NORMALIZATION with a fused \(activation) on quantized tensors")
        }
        try n.requireInputCount(1...1)
        input = try n.input(0)
        output = try n.output()
        let x = try n.affine(input, "input", allowed: [.int8]), y = try n.affine(output, "output", allowed: [.int8])
        guard y.scale == 1.0 / 128, y.zeroPoint == 0 else {
            throw KernelError.unsupported("L2_NORMALIZATION to \(n.describe(output)) with scale \(y.scale), zero point \(y.zeroPoint): the int8 kernel writes scale 1/128, zero point 0")
        }
        let dims = n.shape(input).dims
        try n.requireOutputShape(output, dims)
        depth = dims.last ?? 1
        guard depth <= 1 << 15 else {
            throw KernelError.unsupported("L2_NORMALIZATION over \(depth) elements: the int32 sum of squares could overflow")
        }
        rows = depth == 0 ? 0 : n.shape(input).elementCount / depth
        inputZeroPoint = x.zeroPoint
    }

    func run(_ buffers: TensorBuffers) throws {
        let x = buffers.pointer(input, as: Int8.self), y = buffers.mutablePointer(output, as: Int8.self)
        let outputShift = 7
        for row in 0..<rows {
            let xr = x + row * depth, yr = y + row * depth
            var sum: Int32 = 0
            for c in 0..<depth {
                let v = Int32(xr[c]) - inputZeroPoint
                sum &+= v * v
            }
            let inverse = GemmlowpFixedPoint.inverseSqrtMultiplier(sum)
            let scale = QuantizedMultiplier(multiplier: inverse.multiplier, shift: inverse.shift + outputShift)
            for c in 0..<depth {
                let value = scale.apply(Int32(xr[c]) - inputZeroPoint)
                yr[c] = Int8(min(max(value, -128), 127))
            }
        }
    }
}
