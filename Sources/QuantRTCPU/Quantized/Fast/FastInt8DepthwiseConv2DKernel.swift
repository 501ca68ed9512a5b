import CQuantRTKernels
import QuantRT
import QuantRTCore

/// `DEPTHWISE_CONV_2D` int8 and 16x8 with a depth multiplier of 1: 16 channels per step, two filter taps
/// per multiply-add, requantization in the same pass. Taps are gathered through an offset table,
/// so borders need no special case. Bit-exact with ``QuantizedDepthwiseConv2DKernel``, which it
/// falls back to otherwise.
final class FastInt8DepthwiseConv2DKernel: CPUKernel {
    private let reference: QuantizedDepthwiseConv2DKernel
    private let packedWeights: UnsafeMutablePointer<Int16>
    private let table: Int8RequantTable
    private let offsets: [Int]
    private let pixels: Int, channels: Int, taps: Int
    private let pool: CPUThreadPool

    static func make(node: Node, graph: Graph, pool: CPUThreadPool) throws -> any CPUKernel {
        let reference = try QuantizedDepthwiseConv2DKernel(node: node, graph: graph)
        let g = reference.geometry
        guard int8MicrokernelsAvailable, g.filtersPerGroup == 1,
              let weights = graph.tensors[reference.filter].data, reference.bias == nil || reference.constantBias != nil
        else { return reference }
        if reference.inputType == .int16 {
            // Per channel, 32768 · Σt |w[t][c]| + |bias[c]| must stay below 2^31 for int32 sums.
            let taps = g.filterHeight * g.filterWidth, channels = g.outputDepth
            let fits = weights.bytes.withMemoryRebound(to: Int8.self) { w in
                (0..<channels).allSatisfy { c in
                    let magnitude = (0..<taps).reduce(Int64(0)) { $0 + Int64(abs(Int32(w[$1 * channels + c]))) }
                    return magnitude * 32768 + abs(reference.constantBias?[c] ?? 0) < Int64(Int32.max)
                }
            }
            guard fits, reducedShiftsFit(reference.requantize) else { return reference }
        }
        return FastInt8DepthwiseConv2DKernel(reference: reference, weights: weights, pool: pool)
    }

    private init(reference: QuantizedDepthwiseConv2DKernel, weights: ConstantData, pool: CPUThreadPool) {
        self.reference = reference
        self.pool = pool
        let g = reference.geometry
        let channels = g.outputDepth, taps = g.filterHeight * g.filterWidth
        pixels = g.batches * g.outputHeight * g.outputWidth
        (self.channels, self.taps) = (channels, taps)
        offsets = convolutionOffsets(g)
        let blocks = (channels + 15) / 16
        let packed = UnsafeMutablePointer<Int16>.allocate(capacity: blocks * ((taps + 1) / 2) * 32)
        weights.bytes.withMemoryRebound(to: Int8.self) { w in
            qrt_dw_pack_weights_s8(channels, taps, w.baseAddress!, packed)
        }
        packedWeights = packed
        table = Int8RequantTable(reference.requantize, bias: reference.constantBias?.map { Int32(truncatingIfNeeded: $0) },
                                 channels: channels, paddedChannels: blocks * 16,
                                 rounding: reference.inputType == .int16 ? .reduced : .double) { natural, permuted in
            qrt_dw_permute_params(channels, natural, permuted)
        }
    }

    deinit { packedWeights.deallocate() }

    func run(_ buffers: TensorBuffers) throws {
        let parts = pool.parts(forWork: pixels * channels * taps / 4)
        if reference.inputType == .int16 {
            let input = buffers.pointer(reference.input, as: Int16.self)
            let output = buffers.mutablePointer(reference.output, as: Int16.self)
            offsets.withUnsafeBufferPointer { offsets in
                let base = offsets.baseAddress!
                pool.run(count: pixels, parts: parts) { _, range in
                    base.withMemoryRebound(to: CLong.self, capacity: pixels * taps) { table in
                        qrt_dwconv_s16_avx2(range.count, channels, taps, input, table + range.lowerBound * taps,
                                            packedWeights, self.table.params, output + range.lowerBound * channels)
                    }
                }
            }
            return
        }
        let input = buffers.pointer(reference.input, as: Int8.self)
        let output = buffers.mutablePointer(reference.output, as: Int8.self)
        offsets.withUnsafeBufferPointer { offsets in
            let base = offsets.baseAddress!
            pool.run(count: pixels, parts: parts) { _, range in
                base.withMemoryRebound(to: CLong.self, capacity: pixels * taps) { table in
                    qrt_dwconv_s8_avx2(range.count, channels, taps, input, table + range.lowerBound * taps, -reference.inputOffset,
                                       packedWeights, self.table.params, output + range.lowerBound * channels)
                }
            }
        }
    }
}
