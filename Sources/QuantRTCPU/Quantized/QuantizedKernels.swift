import QuantRTCore

/// The integer kernels of the `int8` delegate: TFLite's int8 and 16x8 quantization spec with
/// the reference kernels' exact arithmetic, and the dynamic-range (hybrid) kernels.
public enum QuantizedKernels {
    /// The straightforward integer kernels (the oracle for the faster ones), per op kind.
    /// Data-movement ops reuse the dtype-agnostic reference kernels.
    public static let referenceFactories: [OpKind: CPUKernelFactory] = {
        var factories = ReferenceKernels.floatFactories.filter { dataMovementKinds.contains($0.key) }
        factories.merge(spatialFactories) { _, integer in integer }
        factories.merge(elementwiseFactories) { _, integer in integer }
        return withHybrid(factories) { node, graph in
            try HybridKernels.dequantized(node, graph, floatFactories: ReferenceKernels.floatFactories)
        }
    }()

    /// Sends the dynamic-range nodes of the weighted ops to `hybrid`, the rest to `factories`.
    static func withHybrid(_ factories: [OpKind: CPUKernelFactory], hybrid: @escaping CPUKernelFactory) -> [OpKind: CPUKernelFactory] {
        var result = factories
        for kind in HybridKernels.weightsPosition.keys {
            let integer = factories[kind]
            result[kind] = { node, graph in
                if NodePrecision(node, in: graph) == .hybrid { return try hybrid(node, graph) }
                guard let integer else { throw KernelError.unsupported("\(kind) on quantized tensors has no integer kernel") }
                return try integer(node, graph)
            }
        }
        return result
    }

    /// Ops that only move or select elements: they run on quantized tensors unchanged.
    static let dataMovementKinds: Set<OpKind> = [
        .reshape, .squeeze, .expandDims, .transpose, .slice, .stridedSlice, .tile, .gather,
        .split, .splitV, .unpack, .shape, .depthToSpace, .spaceToDepth, .densify,
    ]

    /// Convolutions and matrix products.
    static let spatialFactories: [OpKind: CPUKernelFactory] = [
        .conv2D: { try QuantizedConv2DKernel(node: $0, graph: $1) },
        .depthwiseConv2D: { try QuantizedDepthwiseConv2DKernel(node: $0, graph: $1) },
        .fullyConnected: { try QuantizedFullyConnectedKernel(node: $0, graph: $1) },
        .batchMatMul: { try QuantizedBatchMatMulKernel(node: $0, graph: $1) },
    ]
}

extension QuantizedKernels {
    /// The integer kernels with the fast ones overlaid, sharing `pool`'s threads.
    public static func factories(pool: CPUThreadPool) -> [OpKind: CPUKernelFactory] {
        let integer = referenceFactories.merging([
            .conv2D: { try FastInt8Conv2DKernel.make(node: $0, graph: $1, pool: pool) },
            .depthwiseConv2D: { try FastInt8DepthwiseConv2DKernel.make(node: $0, graph: $1, pool: pool) },
            .fullyConnected: { try FastInt8FullyConnectedKernel.make(node: $0, graph: $1, pool: pool) },
            .batchMatMul: { try FastInt8BatchMatMulKernel.make(node: $0, graph: $1) },
            .add: { try FastInt8BinaryKernel.make(node: $0, graph: $1) },
            .sub: { try FastInt8BinaryKernel.make(node: $0, graph: $1) },
            .mul: { try FastInt8BinaryKernel.make(node: $0, graph: $1) },
            .squaredDifference: { try FastInt8BinaryKernel.make(node: $0, graph: $1) },
        ]) { _, fast in fast }
        let floatFactories = ReferenceKernels.floatFactories.merging(FloatKernels.factories(pool: pool)) { _, fast in fast }
        return withHybrid(integer) { node, graph in
            try HybridKernels.fast(node, graph, floatFactories: floatFactories, pool: pool)
        }
    }
}
