import QuantRT
import QuantRTCore

/// A dynamic-range node (float activations, int8 weights) run as a float node: the int8 weights
/// are dequantized once at prepare (`w = q · scale[channel]`) and the float kernel runs on them.
/// The reference for the hybrid kernels, and the path of ops without one (depthwise, batch
/// matmul): exactly the float model with quantized weights, no activation quantization error.
final class DequantizedWeightsKernel: CPUKernel {
    private let inner: any CPUKernel
    private let weightsTensor: Int
    private let floats: ByteStorage
    /// A private copy of the tensor table with the weights entry pointing at `floats`.
    private let table: UnsafeMutablePointer<UnsafeMutableRawPointer?>
    private let tableCount: Int

    /// Dequantizes input `weightsPosition` of `node` and builds `floatFactory`'s kernel on the result.
    init(node: Node, graph: Graph, weightsPosition: Int, floatFactory: CPUKernelFactory) throws {
        let n = KernelNode(node: node, graph: graph)
        let weights = try n.input(weightsPosition, "weights")
        let descriptor = graph.tensors[weights]
        guard descriptor.dtype == .int8, let data = descriptor.data, descriptor.sparsity == nil else {
            throw KernelError.unsupported("\(n.kind) with float input and \(n.describe(weights)) weights: dynamic-range kernels need constant dense int8 weights")
        }
        let layout = try QuantizationLayout(weights, "weights", n)
        guard layout.zeroPoints.allSatisfy({ $0 == 0 }) || layout.channels == 1 else {
            throw KernelError.unsupported("\(n.kind) with per-channel weights \(n.describe(weights)) whose zero points are not 0")
        }
        let count = descriptor.shape.elementCount
        floats = ByteStorage(byteCount: count * 4) { destination in
            let q = data.bytes.bindMemory(to: Int8.self)
            let out = destination.bindMemory(to: Float.self)
            layout.forEachRun { channel, first, run in
                let scale = layout.scales[channel], zero = Float(layout.zeroPoints[channel])
                for i in first..<(first + run) { out[i] = (Float(q[i]) - zero) * scale }
            }
        }
        var local = graph
        local.tensors[weights] = TensorDescriptor(name: descriptor.name, dtype: .float32, shape: descriptor.shape,
                                                  data: ConstantData(storage: floats, offset: 0, count: count * 4))
        inner = try floatFactory(node, local)
        weightsTensor = weights
        tableCount = graph.tensors.count
        table = .allocate(capacity: tableCount)
        table.initialize(repeating: nil, count: tableCount)
    }

    deinit { table.deallocate() }

    func run(_ buffers: TensorBuffers) throws {
        for index in 0..<min(tableCount, buffers.count) { table[index] = buffers.address(of: index) }
        table[weightsTensor] = UnsafeMutableRawPointer(mutating: floats.bytes.baseAddress)
        try inner.run(TensorBuffers(table: table, count: tableCount))
    }
}
