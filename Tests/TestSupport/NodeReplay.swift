import QuantRT
import QuantRTCPU
import QuantRTCore

/// Replays single nodes of a model on tensors another runtime saved (LiteRT's reference kernels'
/// `*_ref_tensors_00.npz`, keyed `t<tensor index>`), and measures how far our kernel's output is
/// from the saved one.
public enum NodeReplay {
    /// How one node's output compares with the saved output.
    public struct Outcome: CustomStringConvertible {
        public let node: Int
        public let op: OpKind
        public let dtype: DType
        /// Largest difference: in LSB for integer outputs, absolute for float outputs.
        public let maxDifference: Double
        /// Share of elements exactly equal.
        public let identical: Double
        /// Largest magnitude of the saved output (for float tolerances).
        public let maxReference: Double
        public let elements: Int

        public var description: String {
            let share = String(format: "%.2f%%", identical * 100)
            return "node \(node) \(op) \(dtype)[\(elements)]: max diff \(maxDifference), identical \(share)"
        }
    }

    /// Runs node `index` of `graph` alone, with `factories`, on the tensors of `saved`, and
    /// compares each of its outputs with the saved one.
    public static func replay(_ index: Int, of graph: Graph, saved: NPZArchive,
                              factories: [OpKind: CPUKernelFactory]) throws -> [Outcome] {
        let node = graph.nodes[index]
        let live = node.inputs.filter { $0 != Node.absent && !graph.tensors[$0].isConstant }
        let single = Graph(name: "replay", tensors: graph.tensors, nodes: [node], inputs: live, outputs: node.outputs)
        guard let factory = factories[node.op.kind] else { throw KernelError.unsupported("no kernel for \(node.op.kind)") }
        let inputs = try live.map { tensor -> HostTensor in
            let value = try saved.tensor("t\(tensor)")
            guard value.bytes.count == graph.tensors[tensor].byteCount else {
                throw KernelError.invalidData("saved t\(tensor) has \(value.bytes.count) bytes, tensor '\(graph.tensors[tensor].name)' needs \(graph.tensors[tensor].byteCount)")
            }
            return HostTensor(dtype: graph.tensors[tensor].dtype, shape: graph.tensors[tensor].shape, bytes: value.bytes)
        }
        let outputs = try KernelHarness.run(single, inputs: inputs, factory: factory)
        return try zip(node.outputs, outputs).map { tensor, ours in
            let expected = try saved.tensor("t\(tensor)")
            return compare(ours, HostTensor(dtype: ours.dtype, shape: ours.shape, bytes: expected.bytes), node: index, op: node.op.kind)
        }
    }

    /// Compares two tensors of one dtype element by element.
    public static func compare(_ ours: HostTensor, _ expected: HostTensor, node: Int, op: OpKind) -> Outcome {
        let a = values(ours), b = values(expected)
        precondition(a.count == b.count, "element counts differ")
        var maxDifference = 0.0, same = 0, maxReference = 0.0
        for (x, y) in zip(a, b) {
            let d = x.isNaN || y.isNaN ? (x.isNaN && y.isNaN ? 0 : .infinity) : abs(x - y)
            maxDifference = max(maxDifference, d)
            if d == 0 { same += 1 }
            maxReference = max(maxReference, abs(y))
        }
        return Outcome(node: node, op: op, dtype: ours.dtype, maxDifference: maxDifference,
                       identical: a.isEmpty ? 1 : Double(same) / Double(a.count), maxReference: maxReference, elements: a.count)
    }

    private static func values(_ t: HostTensor) -> [Double] {
        switch t.dtype {
        case .int8: t.values(as: Int8.self).map(Double.init)
        case .uint8: t.values(as: UInt8.self).map(Double.init)
        case .int16: t.values(as: Int16.self).map(Double.init)
        case .int32: t.values(as: Int32.self).map(Double.init)
        case .int64: t.values(as: Int64.self).map(Double.init)
        case .float32: t.values(as: Float.self).map(Double.init)
        default: t.floatValues().map(Double.init)
        }
    }
}
