import QuantRTCore

/// `dynamic`: weights of ops with dynamic-range kernels become int8 symmetric per output channel;
/// activations and bias stay float. Weights under ``minimumElements`` stay float, as the TFLite
/// converter leaves them (too small to matter for size, and exact).
enum DynamicRangePass {
    /// The TFLite converter's threshold: smaller weight tensors are not quantized.
    static let minimumElements = 1024

    /// The converted graph.
    static func run(_ graph: Graph, weightScaling: WeightScaling = .maxAbs) -> Graph {
        var graph = graph
        var quantizedCopies: [Int: Int] = [:]
        for (index, node) in graph.nodes.enumerated() {
            guard let rule = OpQuantizationRules.rule(for: node.op.kind), rule.dynamicRange, let weight = rule.weight,
                  let source = node.input(weight.input), let values = graph.tensors[source].floatConstantValues,
                  values.count >= minimumElements else { continue }
            let copy: Int
            if let existing = quantizedCopies[source] {
                copy = existing
            } else {
                let original = graph.tensors[source]
                let (q, quantization) = QuantizationMath.symmetricPerChannelInt8(values, shape: original.shape, axis: weight.axis, leastSquares: weightScaling.leastSquares(for: node.op.kind))
                graph.tensors.append(TensorDescriptor(name: original.name, dtype: .int8, shape: original.shape, quantization: quantization,
                                                      data: .integers(q.map(Int64.init), as: .int8)))
                copy = graph.tensors.count - 1
                quantizedCopies[source] = copy
            }
            graph.nodes[index].inputs[weight.input] = copy
            if case .fullyConnected(var attributes) = node.op {
                attributes.asymmetricQuantizeInputs = true
                graph.nodes[index].op = .fullyConnected(attributes)
            }
        }
        return graph
    }
}
