import QuantRTCore

/// The checked geometry of `BATCH_MATMUL`: `out[..., i, j] = Σk x[..., i, k] · y[..., k, j]`,
/// with `adj_x` / `adj_y` reading the last two dimensions of an operand transposed, and the
/// leading (batch) dimensions broadcast NumPy-style. Shared by the float and integer kernels.
struct BatchMatMulLayout {
    let rows: Int, columns: Int, depth: Int
    /// Element strides of `x(i, k)` along i and k, and of `y(k, j)` along k and j.
    let lhsRowStride: Int, lhsDepthStride: Int, rhsDepthStride: Int, rhsColumnStride: Int
    /// For each output matrix, where its two operand matrices start.
    let lhsOffsets: [Int], rhsOffsets: [Int]

    init(_ spatial: KernelNode, lhs: Int, rhs: Int, output: Int, attributes: BatchMatMulAttributes) throws {
        let lhsShape = spatial.shape(lhs), rhsShape = spatial.shape(rhs)
        guard lhsShape.rank >= 2, rhsShape.rank >= 2 else {
            throw spatial.invalid("both operands need rank 2 or more, got lhs \(spatial.describe(lhs)) and rhs \(spatial.describe(rhs))")
        }

        let (lhsOuter, lhsInner) = (lhsShape[-2], lhsShape[-1])
        let (rhsOuter, rhsInner) = (rhsShape[-2], rhsShape[-1])
        rows = attributes.adjointX ? lhsInner : lhsOuter
        depth = attributes.adjointX ? lhsOuter : lhsInner
        columns = attributes.adjointY ? rhsOuter : rhsInner
        let rhsDepth = attributes.adjointY ? rhsInner : rhsOuter
        guard depth == rhsDepth else {
            throw spatial.invalid("lhs \(spatial.describe(lhs)) (adj_x \(attributes.adjointX)) has depth \(depth), rhs \(spatial.describe(rhs)) (adj_y \(attributes.adjointY)) has depth \(rhsDepth)")
        }
        (lhsRowStride, lhsDepthStride) = attributes.adjointX ? (1, rows) : (depth, 1)
        (rhsDepthStride, rhsColumnStride) = attributes.adjointY ? (1, depth) : (columns, 1)

        let batchRank = Swift.max(lhsShape.rank, rhsShape.rank) - 2
        func batchDims(_ shape: Shape) -> [Int] {
            [Int](repeating: 1, count: batchRank - (shape.rank - 2)) + shape.dims.dropLast(2)
        }
        let lhsBatch = batchDims(lhsShape), rhsBatch = batchDims(rhsShape)
        var outBatch: [Int] = []
        for (a, b) in zip(lhsBatch, rhsBatch) {
            guard a == b || a == 1 || b == 1 else {
                throw spatial.invalid("the batch dimensions of lhs \(spatial.describe(lhs)) and rhs \(spatial.describe(rhs)) do not broadcast")
            }
            outBatch.append(a == 1 ? b : a)
        }
        try spatial.requireOutputShape(output, Shape(outBatch + [rows, columns]),
                                       "from lhs \(lhsShape), rhs \(rhsShape), adj_x \(attributes.adjointX), adj_y \(attributes.adjointY)")

        // Broadcast dimensions get stride 0, so each output matrix finds its operands by plain index arithmetic.
        func broadcastStrides(_ dims: [Int], matrixSize: Int) -> [Int] {
            let strides = Shape(dims).strides
            return dims.indices.map { dims[$0] == 1 ? 0 : strides[$0] * matrixSize }
        }
        let lhsStrides = broadcastStrides(lhsBatch, matrixSize: lhsOuter * lhsInner)
        let rhsStrides = broadcastStrides(rhsBatch, matrixSize: rhsOuter * rhsInner)
        var lhsOffsets: [Int] = [], rhsOffsets: [Int] = []
        let outStrides = Shape(outBatch).strides
        for flat in 0..<Shape(outBatch).elementCount {
            var l = 0, r = 0
            for axis in outBatch.indices {
                let index = flat / outStrides[axis] % outBatch[axis]
                l += index * lhsStrides[axis]
                r += index * rhsStrides[axis]
            }
            lhsOffsets.append(l)
            rhsOffsets.append(r)
        }
        self.lhsOffsets = lhsOffsets
        self.rhsOffsets = rhsOffsets
    }
}

