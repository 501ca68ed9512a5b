import QuantRTCore

/// The reference kernels: straightforward, obviously correct kernels — the oracle every faster
/// kernel and every other delegate is checked against. Each node goes to the float32 kernel or
/// to the straightforward integer kernel (``QuantizedKernels/referenceFactories``) by its
/// ``NodePrecision``.
public enum ReferenceKernels {
    /// One factory per op kind, float and integer.
    public static let factories: [OpKind: CPUKernelFactory] =
        dispatchingByPrecision(float: floatFactories, quantized: QuantizedKernels.referenceFactories)

    /// The float32 (and data-movement) reference kernels alone.
    public static let floatFactories: [OpKind: CPUKernelFactory] =
        spatialFactories.merging(elementwiseFactories) { first, _ in first }

    /// One factory per op kind that sends float nodes to `float` and quantized or hybrid nodes
    /// to `quantized` (a kind missing from `quantized` goes to its float kernel, which refuses
    /// quantized tensors with its own reason).
    public static func dispatchingByPrecision(float: [OpKind: CPUKernelFactory],
                                              quantized: [OpKind: CPUKernelFactory]) -> [OpKind: CPUKernelFactory] {
        var factories: [OpKind: CPUKernelFactory] = [:]
        for kind in Set(float.keys).union(quantized.keys) {
            let floatFactory = float[kind], quantizedFactory = quantized[kind]
            factories[kind] = { node, graph in
                switch NodePrecision(node, in: graph) {
                case .float:
                    guard let floatFactory else { throw KernelError.unsupported("\(kind) on float tensors has no kernel") }
                    return try floatFactory(node, graph)
                case .quantized, .hybrid:
                    // Without an integer kernel the float kernel refuses with its own reason.
                    guard let quantizedFactory else {
                        guard let floatFactory else { throw KernelError.unsupported("\(kind) on quantized tensors has no integer kernel") }
                        return try floatFactory(node, graph)
                    }
                    return try quantizedFactory(node, graph)
                }
            }
        }
        return factories
    }
}
