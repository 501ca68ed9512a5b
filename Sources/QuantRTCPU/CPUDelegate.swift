import QuantRT
import QuantRTCore

/// The `cpu` delegate: our fast CPU kernels for float32 nodes, with float16 weights
/// dequantized to float32 once at prepare. Quantized and dynamic-range nodes are left to
/// ``CPUInt8Delegate``.
///
/// Ops without a fast kernel run their reference kernel; every fast kernel is checked against
/// ``ReferenceKernels``.
public final class CPUDelegate: Delegate {
    /// `cpu`.
    public let name = "cpu"
    /// Threads the fast kernels may use (conv, fully connected and depthwise split their work;
    /// the others run on the calling thread).
    public let threads: Int
    /// The kernels this delegate uses, per op.
    public let factories: [OpKind: CPUKernelFactory]

    /// Creates the delegate.
    public init(threads: Int = 1) {
        self.threads = max(1, threads)
        self.factories = ReferenceKernels.floatFactories.merging(FloatKernels.factories(pool: CPUThreadPool(threads: threads))) { _, fast in fast }
    }

    /// Fast kernels validate through the reference kernel and fall back to it, so the reference
    /// factory answers "can this run" exactly — without packing weights a second time.
    public func support(for node: Int, in graph: Graph) -> NodeSupport {
        let precision = NodePrecision(graph.nodes[node], in: graph)
        guard precision == .float else { return .unsupported("\(precision) node: the int8 delegate runs it") }
        return cpuSupport(for: node, in: graph, factories: ReferenceKernels.floatFactories.merging(factories) { reference, _ in reference })
    }

    public func prepare(_ partition: Partition, in graph: Graph) throws -> any PartitionExecutable {
        try CPUPartitionExecutable(partition: partition, graph: graph, factories: factories)
    }
}

/// The `reference` delegate: the obviously-correct reference kernels, which take every node
/// no other delegate claims — so every model that imports also runs.
public final class ReferenceDelegate: Delegate {
    /// `reference`.
    public let name = "reference"

    /// Creates the delegate.
    public init() {}

    public func support(for node: Int, in graph: Graph) -> NodeSupport {
        cpuSupport(for: node, in: graph, factories: ReferenceKernels.factories)
    }

    public func prepare(_ partition: Partition, in graph: Graph) throws -> any PartitionExecutable {
        try CPUPartitionExecutable(partition: partition, graph: graph, factories: ReferenceKernels.factories)
    }
}

extension Interpreter {
    /// Creates an interpreter whose fallback is the ``ReferenceDelegate``; by default quantized
    /// nodes go to ``CPUInt8Delegate`` and float nodes to ``CPUDelegate``.
    public convenience init(model: Model, delegates: [any Delegate] = [CPUInt8Delegate(), CPUDelegate()]) throws {
        try self.init(model: model, delegates: delegates, fallback: ReferenceDelegate())
    }
}
