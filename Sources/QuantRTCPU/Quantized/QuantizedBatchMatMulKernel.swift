import QuantRT
import QuantRTCore

/// `BATCH_MATMUL` of two quantized activations (TFLite's reference arithmetic):
/// `Σk (x − zx)(y − zy)` in int32 (int8) or int64 (int16), one multiplier for the whole output.
final class QuantizedBatchMatMulKernel: CPUKernel {
    let lhs: Int, rhs: Int, output: Int
    let type: DType
    let layout: BatchMatMulLayout
    let lhsOffset: Int32, rhsOffset: Int32
    let requantize: Requantizer

    init(node: Node, graph: Graph) throws {
        guard case .batchMatMul(let attributes) = node.op else {
            throw KernelError.invalidNode("BATCH_MATMUL kernel given a \(node.op.kind) node")
        }
        let n = KernelNode(node: node, graph: graph)
        try n.requireInputCount(2...2)
        lhs = try n.input(0, "lhs")
        rhs = try n.input(1, "rhs")
        output = try n.output()
        let a = try n.affine(lhs, "lhs", allowed: [.int8, .int16])
        let b = try n.affine(rhs, "rhs", allowed: [.int8, .int16])
        let y = try n.affine(output, "output", allowed: [.int8, .int16])
        try n.requireSameQuantizedType(a, b, "lhs and rhs")
        try n.requireSameQuantizedType(a, y, "lhs and output")
        layout = try BatchMatMulLayout(n, lhs: lhs, rhs: rhs, output: output, attributes: attributes)
        type = a.type
        (lhsOffset, rhsOffset) = (-a.zeroPoint, -b.zeroPoint)
        // TFLite forms the product of the two scales in float, then divides in double.
        requantize = Requantizer(realMultipliers: [Double(a.scale * b.scale) / y.scaleDouble], outputZeroPoint: y.zeroPoint,
                                 range: (y.minimum, y.maximum))
    }

    func run(_ buffers: TensorBuffers) throws {
        switch type {
        case .int8: multiply(buffers.pointer(lhs, as: Int8.self), buffers.pointer(rhs, as: Int8.self), buffers.mutablePointer(output, as: Int8.self), Int32.self)
        default: multiply(buffers.pointer(lhs, as: Int16.self), buffers.pointer(rhs, as: Int16.self), buffers.mutablePointer(output, as: Int16.self), Int64.self)
        }
    }

    @inline(__always)
    private func multiply<T: FixedWidthInteger, A: FixedWidthInteger & SignedInteger>(
        _ x: UnsafePointer<T>, _ y: UnsafePointer<T>, _ z: UnsafeMutablePointer<T>, _: A.Type
    ) {
        let l = layout
        let xOffset = A(lhsOffset), yOffset = A(rhsOffset)
        for batch in l.lhsOffsets.indices {
            let a = x + l.lhsOffsets[batch], b = y + l.rhsOffsets[batch]
            let out = z + batch * l.rows * l.columns
            for i in 0..<l.rows {
                for j in 0..<l.columns {
                    var sum: A = 0
                    for k in 0..<l.depth {
                        sum &+= (A(a[i * l.lhsRowStride + k * l.lhsDepthStride]) &+ xOffset) &* (A(b[k * l.rhsDepthStride + j * l.rhsColumnStride]) &+ yOffset)
                    }
                    let result = A.bitWidth == 64 ? requantize(Int64(sum), channel: 0) : requantize(Int32(truncatingIfNeeded: sum), channel: 0)
                    out[i * l.columns + j] = T(truncatingIfNeeded: result)
                }
            }
        }
    }
}
