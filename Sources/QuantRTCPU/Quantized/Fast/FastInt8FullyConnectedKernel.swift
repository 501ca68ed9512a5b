import QuantRT
import QuantRTCore

/// `FULLY_CONNECTED` int8 and 16x8 on the packed int8 GEMM (weights with zero point 0).
/// Bit-exact with ``QuantizedFullyConnectedKernel``, which it falls back to otherwise.
final class FastInt8FullyConnectedKernel: CPUKernel {
    private let reference: QuantizedFullyConnectedKernel
    private let gemm: Int8PackedGEMM
    private let offsets: [Int]
    private let pool: CPUThreadPool

    static func make(node: Node, graph: Graph, pool: CPUThreadPool) throws -> any CPUKernel {
        let reference = try QuantizedFullyConnectedKernel(node: node, graph: graph)
        guard int8MicrokernelsAvailable, reference.weightOffset == 0,
              let weights = graph.tensors[reference.weights].data, reference.bias == nil || reference.constantBias != nil
        else { return reference }
        if reference.inputType == .int16 {
            let fits = weights.bytes.withMemoryRebound(to: Int8.self) {
                int16SumsFit(weights: $0.baseAddress!, n: reference.units, k: reference.depth, bias: reference.constantBias)
            }
            guard fits else { return reference }
        }
        return FastInt8FullyConnectedKernel(reference: reference, weights: weights, pool: pool)
    }

    private init(reference: QuantizedFullyConnectedKernel, weights: ConstantData, pool: CPUThreadPool) {
        self.reference = reference
        self.pool = pool
        offsets = (0..<reference.batches).map { $0 * reference.depth }
        gemm = weights.bytes.withMemoryRebound(to: Int8.self) { w in
            Int8PackedGEMM(weights: w.baseAddress!, n: reference.units, taps: 1, channels: reference.depth,
                           requantize: reference.requantize, bias: reference.constantBias?.map { Int32(truncatingIfNeeded: $0) },
                           // TFLite's 16x8 FULLY_CONNECTED narrows its sum and uses the 32-bit double rounding.
                           rounding: reference.perChannel && reference.inputType == .int8 ? .single : .double,
                           threads: pool.threads)
        }
    }

    func run(_ buffers: TensorBuffers) throws {
        if reference.inputType == .int16 {
            offsets.withUnsafeBufferPointer { table in
                gemm.run(rows: reference.batches, input: buffers.pointer(reference.input, as: Int16.self), offsets: table.baseAddress!,
                         output: buffers.mutablePointer(reference.output, as: Int16.self), pool: pool)
            }
            return
        }
        offsets.withUnsafeBufferPointer { table in
            gemm.run(rows: reference.batches, input: buffers.pointer(reference.input, as: Int8.self), offsets: table.baseAddress!,
                     zeroPoint: -reference.inputOffset, output: buffers.mutablePointer(reference.output, as: Int8.self), pool: pool)
        }
    }
}
