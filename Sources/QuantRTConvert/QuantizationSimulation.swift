import QuantRTCore

/// A float model that computes what a quantized model computes, up to the rounding inside the
/// integer kernels: weights and bias dequantized, every integer activation rounded to its
/// quantization grid (QUANTIZE then DEQUANTIZE). It runs on the float kernels, so quantized models
/// — ours and the TFLite converter's alike — can be judged before, or without, integer kernels,
/// and a quantized model can be debugged tensor by tensor against the float one.
public enum QuantizationSimulation {
    /// The simulating float model. Inputs and outputs become float32 (integer outputs dequantized).
    public static func floatModel(simulating model: Model) -> Model {
        var result = model
        for (graphIndex, graph) in model.graphs.enumerated() {
            let (simulated, inputFor) = simulate(graph)
            result.graphs[graphIndex] = simulated
            for (s, signature) in result.signatures.enumerated() where signature.graphIndex == graphIndex {
                result.signatures[s].inputs = signature.inputs.map { .init(name: $0.name, tensor: inputFor[$0.tensor] ?? $0.tensor) }
            }
        }
        return result
    }

    private static func isQuantized(_ tensor: TensorDescriptor) -> Bool {
        tensor.dtype.isQuantizable && !(tensor.quantization?.scales.isEmpty ?? true)
    }

    /// The simulated graph and, for each integer graph input, the float tensor that now takes its place.
    private static func simulate(_ graph: Graph) -> (Graph, [Int: Int]) {
        var tensors = graph.tensors
        var raw: [Int: Int] = [:]
        var rounding: [Int: [Node]] = [:]
        for (index, tensor) in graph.tensors.enumerated() where isQuantized(tensor) {
            if let data = tensor.data {
                let values = HostTensor(dtype: tensor.dtype, shape: tensor.shape, bytes: Array(data.bytes)).dequantized(with: tensor.quantization!)
                tensors[index] = TensorDescriptor(name: tensor.name, dtype: .float32, shape: tensor.shape, data: ConstantData(copying: values.values(as: Float.self)))
                continue
            }
            // producer → raw (float) → QUANTIZE → grid (the original type) → DEQUANTIZE → index (float)
            tensors.append(TensorDescriptor(name: tensor.name + "_raw", dtype: .float32, shape: tensor.shape))
            let rawIndex = tensors.count - 1
            let grid = tensor.dtype == .uint8 ? shifted(tensor) : tensor
            tensors.append(grid)
            rounding[index] = [Node(op: .quantize, inputs: [rawIndex], outputs: [tensors.count - 1]),
                               Node(op: .dequantize, inputs: [tensors.count - 1], outputs: [index])]
            tensors[index] = TensorDescriptor(name: tensor.name, dtype: .float32, shape: tensor.shape)
            raw[index] = rawIndex
        }
        var nodes: [Node] = graph.inputs.flatMap { rounding[$0] ?? [] }
        for node in graph.nodes {
            var rewritten = node
            rewritten.outputs = node.outputs.map { raw[$0] ?? $0 }
            if node.op.kind == .quantize || node.op.kind == .dequantize,
               tensors[rewritten.inputs[0]].dtype == .float32, tensors[rewritten.outputs[0]].dtype == .float32 {
                // Now float to float: the rounding nodes do the work; this one passes values on.
                let shape = tensors[rewritten.outputs[0]].shape
                rewritten.op = .reshape(newShape: shape.dims)
            }
            nodes.append(rewritten)
            for output in node.outputs { nodes += rounding[output] ?? [] }
        }
        let inputs = graph.inputs.map { raw[$0] ?? $0 }
        return (Graph(name: graph.name, tensors: tensors, nodes: nodes, inputs: inputs, outputs: graph.outputs), raw.filter { graph.inputs.contains($0.key) })
    }

    /// A uint8 tensor as the int8 grid it holds (zero point − 128), so the simulation needs no uint8 kernel.
    private static func shifted(_ tensor: TensorDescriptor) -> TensorDescriptor {
        var grid = tensor
        grid.dtype = .int8
        grid.quantization!.zeroPoints = tensor.quantization!.zeroPoints.map { $0 - 128 }
        return grid
    }
}
