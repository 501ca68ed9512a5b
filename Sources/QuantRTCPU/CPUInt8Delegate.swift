import QuantRT
import QuantRTCore

/// The `int8` delegate: integer kernels for quantized nodes — int8 and 16x8 with TFLite's
/// reference arithmetic, bit for bit — and dynamic-range (hybrid) kernels for float nodes with
/// int8 weights. Float nodes are left to ``CPUDelegate``.
public final class CPUInt8Delegate: Delegate {
    /// `int8`.
    public let name = "int8"
    /// Threads the kernels may use.
    public let threads: Int
    /// The kernels this delegate uses, per op.
    public let factories: [OpKind: CPUKernelFactory]

    /// Creates the delegate.
    public init(threads: Int = 1) {
        self.threads = max(1, threads)
        self.factories = QuantizedKernels.factories(pool: CPUThreadPool(threads: threads))
    }

    public func support(for node: Int, in graph: Graph) -> NodeSupport {
        let precision = NodePrecision(graph.nodes[node], in: graph)
        guard precision != .float else { return .unsupported("float node: the cpu delegate runs it") }
        return cpuSupport(for: node, in: graph, factories: QuantizedKernels.referenceFactories)
    }

    public func prepare(_ partition: Partition, in graph: Graph) throws -> any PartitionExecutable {
        try CPUPartitionExecutable(partition: partition, graph: graph, factories: factories)
    }
}
