import QuantRTCore

/// Optional for `int16x8` (``ConversionOptions/squaredDifferenceAsSubMul``): SQUARED_DIFFERENCE(a, b)
/// becomes SUB(a, b) then MUL(d, d) in the float model, before calibration, so the difference gets
/// its own calibrated range. For runtimes without an int16 SQUARED_DIFFERENCE kernel: LiteRT has
/// none (it refuses the TFLite converter's 16x8 tiny_transformer), and squaring in one step needs a
/// requantization multiplier far below 2^-31 at int16 scales; SUB and MUL are plain 16x8 kernels.
enum SquaredDifferenceDecomposition {
    /// The rewritten graph (unchanged when it has no SQUARED_DIFFERENCE of float tensors).
    static func run(_ graph: Graph) -> Graph {
        var graph = graph
        var nodes: [Node] = []
        for node in graph.nodes {
            guard case .squaredDifference = node.op, node.inputs.count == 2,
                  graph.tensors[node.outputs[0]].dtype == .float32 else { nodes.append(node); continue }
            let output = graph.tensors[node.outputs[0]]
            graph.tensors.append(TensorDescriptor(name: output.name + "_difference", dtype: .float32, shape: output.shape))
            let difference = graph.tensors.count - 1
            nodes.append(Node(op: .sub(.none), inputs: node.inputs, outputs: [difference]))
            nodes.append(Node(op: .mul(.none), inputs: [difference, difference], outputs: node.outputs))
        }
        graph.nodes = nodes
        return graph
    }
}
