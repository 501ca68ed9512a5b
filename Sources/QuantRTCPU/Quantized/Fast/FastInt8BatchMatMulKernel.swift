import CQuantRTKernels
import QuantRT
import QuantRTCore

/// int8 `BATCH_MATMUL` of two activations on the int8 GEMM tiles: each run packs the right
/// operand (minus its zero point) into int16-pair panels — buffers allocated at prepare — and the
/// left rows go through the usual row packing. Bit-exact with ``QuantizedBatchMatMulKernel``,
/// which runs instead for int16 or a transposed left operand.
final class FastInt8BatchMatMulKernel: CPUKernel {
    private let reference: QuantizedBatchMatMulKernel
    private let table: Int8RequantTable
    private let panels: Int, kpairs: Int
    private let packedRight: UnsafeMutablePointer<Int16>
    private let scratch: TileScratch
    /// Per output matrix, the start of each left row.
    private let rowOffsets: [Int]

    static func make(node: Node, graph: Graph) throws -> any CPUKernel {
        let reference = try QuantizedBatchMatMulKernel(node: node, graph: graph)
        guard int8MicrokernelsAvailable, reference.type == .int8, reference.layout.lhsDepthStride == 1 else { return reference }
        return FastInt8BatchMatMulKernel(reference: reference)
    }

    private init(reference: QuantizedBatchMatMulKernel) {
        self.reference = reference
        let l = reference.layout
        panels = (l.columns + 15) / 16
        kpairs = (l.depth + 1) / 2
        packedRight = .allocate(capacity: max(1, panels * kpairs * 32))
        scratch = TileScratch(kpairs: kpairs, threads: 1)
        table = Int8RequantTable(reference.requantize, bias: nil, channels: l.columns, paddedChannels: panels * 16)
        rowOffsets = l.lhsOffsets.flatMap { start in (0..<l.rows).map { start + $0 * l.lhsRowStride } }
    }

    deinit { packedRight.deallocate() }

    func run(_ buffers: TensorBuffers) throws {
        let l = reference.layout
        let x = buffers.pointer(reference.lhs, as: Int8.self), y = buffers.pointer(reference.rhs, as: Int8.self)
        let z = buffers.mutablePointer(reference.output, as: Int8.self)
        let zeroRight = Int16(-reference.rhsOffset), zeroLeft = -reference.lhsOffset
        let a = scratch.buffer(0)
        rowOffsets.withUnsafeBufferPointer { rows in
            rows.baseAddress!.withMemoryRebound(to: CLong.self, capacity: rows.count) { rowTable in
                for batch in l.lhsOffsets.indices {
                    packRight(y + l.rhsOffsets[batch], zero: zeroRight)
                    let out = z + batch * l.rows * l.columns
                    var row = 0
                    while row < l.rows {
                        let count = min(4, l.rows - row)
                        qrt_qpack_rows_s8(Int32(count), 1, l.depth, x, rowTable + batch * l.rows + row, zeroLeft, a)
                        for panel in 0..<panels {
                            qrt_qgemm_s8_tile4x16_avx2(kpairs, a, packedRight + panel * kpairs * 32, table.params, panel * 16,
                                                       out + row * l.columns + panel * 16, l.columns, Int32(count),
                                                       Int32(min(16, l.columns - panel * 16)))
                        }
                        row += count
                    }
                }
            }
        }
    }

    /// `y(k, j) − zero` as int16 pairs over k, panels of 16 columns, zero-padded.
    private func packRight(_ y: UnsafePointer<Int8>, zero: Int16) {
        let l = reference.layout
        for panel in 0..<panels {
            for pair in 0..<kpairs {
                let destination = packedRight + (panel * kpairs + pair) * 32
                for j in 0..<16 {
                    let column = panel * 16 + j
                    for e in 0..<2 {
                        let k = pair * 2 + e
                        destination[j * 2 + e] = column < l.columns && k < l.depth
                            ? Int16(y[k * l.rhsDepthStride + column * l.rhsColumnStride]) - zero : 0
                    }
                }
            }
        }
    }
}
