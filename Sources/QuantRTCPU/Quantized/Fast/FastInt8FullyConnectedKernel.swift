import QuantRT
import QuantRTCore

/// `FULLY_CONNECTED` int8 on the packed int8 GEMM (weights with zero point 0). Bit-exact with
/// ``QuantizedFullyConnectedKernel``, which it falls back to otherwise.
final class FastInt8FullyConnectedKernel: CPUKernel {
    private let reference: QuantizedFullyConnectedKernel
    private let gemm: Int8PackedGEMM
    private let offsets: [Int]
    private let pool: CPUThreadPool

    static func make(node: Node, graph: Graph, pool: CPUThreadPool) throws -> any CPUKernel {
        let reference = try QuantizedFullyConnectedKernel(node: node, graph: graph)
        guard int8MicrokernelsAvailable, reference.inputType == .int8, reference.weightOffset == 0,
              let weights = graph.tensors[reference.weights].data, reference.bias == nil || reference.constantBias != nil
        else { return reference }
        return FastInt8FullyConnectedKernel(reference: reference, weights: weights, pool: pool)
    }

    private init(reference: QuantizedFullyConnectedKernel, weights: ConstantData, pool: CPUThreadPool) {
        self.reference = reference
        self.pool = pool
        offsets = (0..<reference.batches).map { $0 * reference.depth }
        gemm = weights.bytes.withMemoryRebound(to: Int8.self) { w in
            Int8PackedGEMM(weights: w.baseAddress!, n: reference.units, taps: 1, channels: reference.depth,
                           requantize: reference.requantize, bias: reference.constantBias?.map { Int32(truncatingIfNeeded: $0) },
                           singleRounding: reference.perChannel,
                           threads: pool.threads)
        }
    }

    func run(_ buffers: TensorBuffers) throws {
        offsets.withUnsafeBufferPointer { table in
            gemm.run(rows: reference.batches, input: buffers.pointer(reference.input, as: Int8.self), offsets: table.baseAddress!,
                     zeroPoint: -reference.inputOffset, output: buffers.mutablePointer(reference.output, as: Int8.self), pool: pool)
        }
    }
}
