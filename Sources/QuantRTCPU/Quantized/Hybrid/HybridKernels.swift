import QuantRT
import QuantRTCore

/// The dynamic-range kernels: float activations × int8 weights.
enum HybridKernels {
    /// Input position of the int8 weights, per op.
    static let weightsPosition: [OpKind: Int] = [.conv2D: 1, .depthwiseConv2D: 1, .fullyConnected: 1, .batchMatMul: 1]

    /// The reference: int8 weights dequantized once at prepare, then `floatFactories`' kernel.
    static func dequantized(_ node: Node, _ graph: Graph, floatFactories: [OpKind: CPUKernelFactory]) throws -> any CPUKernel {
        let kind = node.op.kind
        guard let position = weightsPosition[kind], let floatFactory = floatFactories[kind] else {
            throw KernelError.unsupported("\(kind) has no dynamic-range kernel")
        }
        return try DequantizedWeightsKernel(node: node, graph: graph, weightsPosition: position, floatFactory: floatFactory)
    }

    /// The fast kernel where one applies (conv 2D and fully connected on the int8 tiles),
    /// else the dequantized-weights kernel.
    static func fast(_ node: Node, _ graph: Graph, floatFactories: [OpKind: CPUKernelFactory], pool: CPUThreadPool) throws -> any CPUKernel {
        let fallback = try dequantized(node, graph, floatFactories: floatFactories)
        guard int8MicrokernelsAvailable else { return fallback }
        switch node.op {
        case .conv2D(let attributes): return try HybridConv2DKernel(node: node, graph: graph, attributes: attributes, pool: pool) ?? fallback
        case .fullyConnected(let attributes): return try HybridFullyConnectedKernel(node: node, graph: graph, attributes: attributes, pool: pool) ?? fallback
        default: return fallback
        }
    }

    /// A constant float32 bias's values, or `nil` when absent; throws when present but not constant float.
    static func constantFloatBias(_ n: KernelNode, _ position: Int, channels: Int) throws -> [Float]?? {
        guard let bias = try n.optionalInput(position, "bias") else { return .some(nil) }
        guard n.dtype(bias) == .float32, n.shape(bias).elementCount == channels, let data = n.graph.tensors[bias].data else { return nil }
        return .some(data.values(as: Float.self))
    }
}

/// `CONV_2D` with float input and int8 weights on the dynamic-range GEMM (rows: output pixels
/// gathered through an offset table; each row quantized on the fly).
final class HybridConv2DKernel: CPUKernel {
    private let input: Int, output: Int
    private let gemm: HybridGEMM
    private let offsets: [Int]
    private let rows: Int
    private let pool: CPUThreadPool

    /// `nil` when the fast path does not apply (grouped convolution, non-constant weights or bias).
    init?(node: Node, graph: Graph, attributes: Conv2DAttributes, pool: CPUThreadPool) throws {
        let n = KernelNode(node: node, graph: graph)
        input = try n.input(0, "input")
        let filter = try n.input(1, "filter")
        output = try n.output()
        let g = try ConvolutionGeometry(n, input: input, filter: filter, output: output, depthwise: false, padding: attributes.padding,
                                        strideH: attributes.strideH, strideW: attributes.strideW,
                                        dilationH: attributes.dilationH, dilationW: attributes.dilationW)
        guard g.filterDepth == g.inputDepth, let data = graph.tensors[filter].data,
              try n.weightZeroPoint(filter, "filter") == 0,
              case .some(let bias) = try HybridKernels.constantFloatBias(n, 2, channels: g.outputDepth) else { return nil }
        let scales = try n.weightScales(filter, channels: g.outputDepth, axis: 0, "filter")
        rows = g.batches * g.outputHeight * g.outputWidth
        offsets = convolutionOffsets(g)
        self.pool = pool
        gemm = try data.bytes.withMemoryRebound(to: Int8.self) { w in
            try HybridGEMM(weights: w.baseAddress!, n: g.outputDepth, taps: g.filterHeight * g.filterWidth, channels: g.inputDepth,
                           weightScales: scales, bias: bias, activation: attributes.activation, threads: pool.threads)
        }
    }

    func run(_ buffers: TensorBuffers) throws {
        offsets.withUnsafeBufferPointer { table in
            gemm.run(rows: rows, input: buffers.pointer(input, as: Float.self), offsets: table.baseAddress!,
                     output: buffers.mutablePointer(output, as: Float.self), pool: pool)
        }
    }
}

/// `FULLY_CONNECTED` with float input and int8 weights on the dynamic-range GEMM.
final class HybridFullyConnectedKernel: CPUKernel {
    private let input: Int, output: Int
    private let gemm: HybridGEMM
    private let offsets: [Int]
    private let pool: CPUThreadPool

    init?(node: Node, graph: Graph, attributes: FullyConnectedAttributes, pool: CPUThreadPool) throws {
        let n = KernelNode(node: node, graph: graph)
        input = try n.input(0, "input")
        let weights = try n.input(1, "weights")
        output = try n.output()
        let (batches, depth, units) = try FullyConnectedShape.check(n, input: input, weights: weights, output: output, keepNumDims: attributes.keepNumDims)
        guard let data = graph.tensors[weights].data, try n.weightZeroPoint(weights, "weights") == 0,
              case .some(let bias) = try HybridKernels.constantFloatBias(n, 2, channels: units) else { return nil }
        let scales = try n.weightScales(weights, channels: units, axis: 0, "weights")
        offsets = (0..<batches).map { $0 * depth }
        self.pool = pool
        gemm = try data.bytes.withMemoryRebound(to: Int8.self) { w in
            try HybridGEMM(weights: w.baseAddress!, n: units, taps: 1, channels: depth, weightScales: scales, bias: bias,
                           activation: attributes.activation, threads: pool.threads)
        }
    }

    func run(_ buffers: TensorBuffers) throws {
        offsets.withUnsafeBufferPointer { table in
            gemm.run(rows: offsets.count, input: buffers.pointer(input, as: Float.self), offsets: table.baseAddress!,
                     output: buffers.mutablePointer(output, as: Float.self), pool: pool)
        }
    }
}
