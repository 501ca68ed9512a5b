import QuantRTCore

extension QuantizedKernels {
    /// Elementwise arithmetic, activations, pooling, reductions, softmax, quantize/dequantize and
    /// the data-movement ops that must requantize (pad, concatenation).
    static let elementwiseFactories: [OpKind: CPUKernelFactory] = [
        .quantize: { node, graph in
            // Float inputs are quantized; integer inputs are requantized.
            if let index = node.input(0), graph.tensors.indices.contains(index),
               quantizedActivationTypes.contains(graph.tensors[index].dtype) {
                return try QuantizedUnaryKernel(node: node, graph: graph)
            }
            return try ReferenceQuantizeKernel(node: node, graph: graph)
        },
        .dequantize: { try ReferenceDequantizeKernel(node: $0, graph: $1) },
        .add: { try QuantizedBinaryKernel(node: $0, graph: $1) },
        .sub: { try QuantizedBinaryKernel(node: $0, graph: $1) },
        .mul: { try QuantizedBinaryKernel(node: $0, graph: $1) },
        .squaredDifference: { try QuantizedBinaryKernel(node: $0, graph: $1) },
        .mean: { try QuantizedMeanKernel(node: $0, graph: $1) },
        .softmax: { try QuantizedSoftmaxKernel(node: $0, graph: $1) },
        .maxPool2D: { try QuantizedMaxPool2DKernel(node: $0, graph: $1) },
        .neg: { try QuantizedUnaryKernel(node: $0, graph: $1) },
        .relu: { try QuantizedUnaryKernel(node: $0, graph: $1) },
        .relu6: { try QuantizedUnaryKernel(node: $0, graph: $1) },
        .reluN1To1: { try QuantizedUnaryKernel(node: $0, graph: $1) },
        .leakyRelu: { try QuantizedUnaryKernel(node: $0, graph: $1) },
        .rsqrt: { try QuantizedUnaryKernel(node: $0, graph: $1) },
        .gelu: { try QuantizedUnaryKernel(node: $0, graph: $1) },
    ]
}
