import QuantRT
import QuantRTCore

/// `CONV_2D` int8 and 16x8 on the packed int8 GEMM: rows are output pixels gathered through an
/// offset table (1×1 and k×k alike, padding reading the zero point), columns output channels.
/// Bit-exact with ``QuantizedConv2DKernel``, which it falls back to for what it does not cover
/// (grouped convolution, non-constant weights, 16x8 sums that could overflow int32, no AVX2).
final class FastInt8Conv2DKernel: CPUKernel {
    private let reference: QuantizedConv2DKernel
    private let gemm: Int8PackedGEMM
    private let offsets: [Int]
    private let rows: Int
    private let pool: CPUThreadPool

    /// The fast kernel for `node`, or the straightforward one when the fast path does not apply.
    static func make(node: Node, graph: Graph, pool: CPUThreadPool) throws -> any CPUKernel {
        let reference = try QuantizedConv2DKernel(node: node, graph: graph)
        let g = reference.geometry
        guard int8MicrokernelsAvailable, g.filterDepth == g.inputDepth,
              let weights = graph.tensors[reference.filter].data, reference.bias == nil || reference.constantBias != nil
        else { return reference }
        if reference.inputType == .int16 {
            let fits = weights.bytes.withMemoryRebound(to: Int8.self) {
                int16SumsFit(weights: $0.baseAddress!, n: g.outputDepth, k: g.filterHeight * g.filterWidth * g.inputDepth, bias: reference.constantBias)
            }
            guard fits, reducedShiftsFit(reference.requantize) else { return reference }
        }
        return FastInt8Conv2DKernel(reference: reference, weights: weights, pool: pool)
    }

    private init(reference: QuantizedConv2DKernel, weights: ConstantData, pool: CPUThreadPool) {
        self.reference = reference
        self.pool = pool
        let g = reference.geometry
        rows = g.batches * g.outputHeight * g.outputWidth
        let taps = g.filterHeight * g.filterWidth
        offsets = convolutionOffsets(g)
        gemm = weights.bytes.withMemoryRebound(to: Int8.self) { w in
            Int8PackedGEMM(weights: w.baseAddress!, n: g.outputDepth, taps: taps, channels: g.inputDepth,
                           requantize: reference.requantize, bias: reference.constantBias?.map { Int32(truncatingIfNeeded: $0) },
                           rounding: reference.inputType == .int16 ? .reduced : .double, threads: pool.threads)
        }
    }

    func run(_ buffers: TensorBuffers) throws {
        if reference.inputType == .int16 {
            offsets.withUnsafeBufferPointer { table in
                gemm.run(rows: rows, input: buffers.pointer(reference.input, as: Int16.self), offsets: table.baseAddress!,
                         output: buffers.mutablePointer(reference.output, as: Int16.self), pool: pool)
            }
            return
        }
        offsets.withUnsafeBufferPointer { table in
            gemm.run(rows: rows, input: buffers.pointer(reference.input, as: Int8.self), offsets: table.baseAddress!,
                     zeroPoint: -reference.inputOffset, output: buffers.mutablePointer(reference.output, as: Int8.self), pool: pool)
        }
    }
}
