import QuantRT
import QuantRTCore

/// `BATCH_MATMUL` in float32: `out[..., i, j] = Σk x[..., i, k] · y[..., k, j]`, with `adj_x` /
/// `adj_y` reading the last two dimensions of an operand transposed, and the leading (batch)
/// dimensions broadcast NumPy-style.
final class ReferenceBatchMatMulKernel: CPUKernel {
    private let lhs: Int, rhs: Int, output: Int
    private let layout: BatchMatMulLayout

    init(node: Node, graph: Graph) throws {
        guard case .batchMatMul(let attributes) = node.op else {
            throw KernelError.invalidNode("BATCH_MATMUL kernel given a \(node.op.kind) node")
        }
        let spatial = KernelNode(node: node, graph: graph)
        try spatial.requireInputCount(2...2)
        lhs = try spatial.input(0, "lhs")
        rhs = try spatial.input(1, "rhs")
        output = try spatial.output()
        try spatial.requireFloat32(lhs, "lhs")
        try spatial.requireFloat32(rhs, "rhs")
        try spatial.requireFloat32(output, "output")
        layout = try BatchMatMulLayout(spatial, lhs: lhs, rhs: rhs, output: output, attributes: attributes)
    }

    func run(_ buffers: TensorBuffers) throws {
        let x = buffers.pointer(lhs, as: Float.self)
        let y = buffers.pointer(rhs, as: Float.self)
        let z = buffers.mutablePointer(output, as: Float.self)
        let (rows, columns, depth) = (layout.rows, layout.columns, layout.depth)
        let (lhsRowStride, lhsDepthStride) = (layout.lhsRowStride, layout.lhsDepthStride)
        let (rhsDepthStride, rhsColumnStride) = (layout.rhsDepthStride, layout.rhsColumnStride)
        let (lhsOffsets, rhsOffsets) = (layout.lhsOffsets, layout.rhsOffsets)
        for batch in lhsOffsets.indices {
            let a = x + lhsOffsets[batch], b = y + rhsOffsets[batch]
            let out = z + batch * rows * columns
            for i in 0..<rows {
                let ai = a + i * lhsRowStride
                let outRow = out + i * columns
                // Four columns share each lhs load; each sums over k in order.
                var j = 0
                while j + 4 <= columns {
                    let b0 = b + j * rhsColumnStride, b1 = b0 + rhsColumnStride, b2 = b1 + rhsColumnStride, b3 = b2 + rhsColumnStride
                    var s0: Float = 0, s1: Float = 0, s2: Float = 0, s3: Float = 0
                    for k in 0..<depth {
                        let v = ai[k * lhsDepthStride], offset = k * rhsDepthStride
                        s0 += v * b0[offset]; s1 += v * b1[offset]; s2 += v * b2[offset]; s3 += v * b3[offset]
                    }
                    outRow[j] = s0; outRow[j + 1] = s1; outRow[j + 2] = s2; outRow[j + 3] = s3
                    j += 4
                }
                while j < columns {
                    let bj = b + j * rhsColumnStride
                    var s: Float = 0
                    for k in 0..<depth { s += ai[k * lhsDepthStride] * bj[k * rhsDepthStride] }
                    outRow[j] = s
                    j += 1
                }
            }
        }
    }
}
