import QuantRTCore

/// Drops the tensors nothing refers to any more (e.g. float weights replaced by their quantized
/// copies) and renumbers the rest, keeping their order.
enum GraphCompaction {
    /// The compacted graph and, for each old tensor index, its new index (or `nil` when dropped).
    /// `keep` names tensors to keep even when unused (signature bindings).
    static func compact(_ graph: Graph, keeping keep: Set<Int> = []) -> (graph: Graph, newIndex: [Int?]) {
        var used = keep.union(graph.inputs).union(graph.outputs)
        for node in graph.nodes { used.formUnion((node.inputs + node.outputs).filter { $0 != Node.absent }) }
        var newIndex = [Int?](repeating: nil, count: graph.tensors.count)
        var tensors: [TensorDescriptor] = []
        for (index, tensor) in graph.tensors.enumerated() where used.contains(index) {
            newIndex[index] = tensors.count
            tensors.append(tensor)
        }
        let map = { (t: Int) in t == Node.absent ? Node.absent : newIndex[t]! }
        let nodes = graph.nodes.map { Node(op: $0.op, inputs: $0.inputs.map(map), outputs: $0.outputs.map(map)) }
        return (Graph(name: graph.name, tensors: tensors, nodes: nodes, inputs: graph.inputs.map(map), outputs: graph.outputs.map(map)), newIndex)
    }

    /// Compacts every graph of `model` and renumbers its signatures' bindings.
    static func compact(_ model: Model) -> Model {
        var result = model
        for (graphIndex, graph) in model.graphs.enumerated() {
            let bound = Set(model.signatures.filter { $0.graphIndex == graphIndex }.flatMap { ($0.inputs + $0.outputs).map(\.tensor) })
            let (compacted, newIndex) = compact(graph, keeping: bound)
            result.graphs[graphIndex] = compacted
            for (s, signature) in result.signatures.enumerated() where signature.graphIndex == graphIndex {
                result.signatures[s].inputs = signature.inputs.map { .init(name: $0.name, tensor: newIndex[$0.tensor]!) }
                result.signatures[s].outputs = signature.outputs.map { .init(name: $0.name, tensor: newIndex[$0.tensor]!) }
            }
        }
        return result
    }
}
