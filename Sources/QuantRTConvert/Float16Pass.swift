import QuantRTCore

/// `fp16`: every float32 constant becomes a float16 constant feeding a DEQUANTIZE to float32 at the
/// start of the graph (the TFLite converter's layout), halving the weights; activations stay float32.
enum Float16Pass {
    /// The converted graph.
    static func run(_ graph: Graph) -> Graph {
        var graph = graph
        var dequantizations: [Node] = []
        let consumed = Set(graph.nodes.flatMap(\.inputs))
        for index in graph.tensors.indices where consumed.contains(index) {
            guard let values = graph.tensors[index].floatConstantValues else { continue }
            let original = graph.tensors[index]
            let half = TensorDescriptor(name: original.name, dtype: .float16, shape: original.shape,
                                        data: ConstantData(copying: values.map { Float16($0) }))
            graph.tensors.append(half)
            graph.tensors[index].data = nil
            dequantizations.append(Node(op: .dequantize, inputs: [graph.tensors.count - 1], outputs: [index]))
        }
        graph.nodes = dequantizations + graph.nodes
        return graph
    }
}
