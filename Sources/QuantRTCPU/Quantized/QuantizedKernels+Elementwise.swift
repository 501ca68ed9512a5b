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
        .maximum: { try QuantizedBinaryKernel(node: $0, graph: $1) },
        .minimum: { try QuantizedBinaryKernel(node: $0, graph: $1) },
        .abs: { try QuantizedUnaryKernel(node: $0, graph: $1) },
        .mean: { try QuantizedReductionKernel(node: $0, graph: $1) },
        .sum: { try QuantizedReductionKernel(node: $0, graph: $1) },
        .reduceMax: { try QuantizedReductionKernel(node: $0, graph: $1) },
        .reduceMin: { try QuantizedReductionKernel(node: $0, graph: $1) },
        .softmax: { try QuantizedSoftmaxKernel(node: $0, graph: $1) },
        .maxPool2D: { try QuantizedMaxPool2DKernel(node: $0, graph: $1) },
        .averagePool2D: { try QuantizedAveragePool2DKernel(node: $0, graph: $1) },
        .resizeBilinear: { try QuantizedResizeBilinearKernel(node: $0, graph: $1) },
        .concatenation: { node, graph in
            // Plain integer tensors (no quantization) are only copied.
            if QuantizedKernels.isQuantized(node, graph) { return try QuantizedConcatenationKernel(node: node, graph: graph) }
            return try ReferenceConcatenationKernel(node: node, graph: graph)
        },
        .cast: { try ReferenceCastKernel(node: $0, graph: $1) },
        .resizeNearestNeighbor: { try ReferenceResizeNearestNeighborKernel(node: $0, graph: $1) },
        // Stacking and padding only move values; they require one quantization (PAD fills
        // with the output zero point, PADV2 with its value tensor).
        .pack: { try ReferenceConcatenationKernel(node: $0, graph: $1) },
        .pad: { try ReferencePadKernel(node: $0, graph: $1) },
        .padV2: { try QuantizedKernels.paddingWithValue(node: $0, graph: $1) },
        .neg: { try QuantizedUnaryKernel(node: $0, graph: $1) },
        .relu: { try QuantizedUnaryKernel(node: $0, graph: $1) },
        .relu6: { try QuantizedUnaryKernel(node: $0, graph: $1) },
        .reluN1To1: { try QuantizedUnaryKernel(node: $0, graph: $1) },
        .leakyRelu: { try QuantizedUnaryKernel(node: $0, graph: $1) },
        .rsqrt: { try QuantizedUnaryKernel(node: $0, graph: $1) },
        .gelu: { try QuantizedUnaryKernel(node: $0, graph: $1) },
        .logistic: { try QuantizedUnaryKernel(node: $0, graph: $1) },
        .tanh: { try QuantizedUnaryKernel(node: $0, graph: $1) },
        .hardSwish: { try QuantizedUnaryKernel(node: $0, graph: $1) },
    ]
}

extension QuantizedKernels {
    /// PADV2 on quantized tensors: the pad value must be quantized like the output, as TFLite
    /// requires, since its stored value is written unchanged.
    static func paddingWithValue(node: Node, graph: Graph) throws -> any CPUKernel {
        let n = KernelNode(node: node, graph: graph)
        if isQuantized(node, graph), let value = try n.optionalInput(2, "pad value"), let out = node.outputs.first, graph.tensors.indices.contains(out) {
            let v = try n.affine(value, "pad value"), y = try n.affine(out, "output")
            guard v.scale == y.scale, v.zeroPoint == y.zeroPoint else {
                throw KernelError.unsupported("PADV2 with pad value \(n.describe(value)) (\(v.scale)/\(v.zeroPoint)) for output \(n.describe(out)) (\(y.scale)/\(y.zeroPoint)): the value must share the output's quantization")
            }
        }
        return try ReferencePadKernel(node: node, graph: graph)
    }

    /// Whether any tensor of the node carries real quantization parameters (a scale other than
    /// 1 or a zero point), rather than being a plain integer tensor.
    static func isQuantized(_ node: Node, _ graph: Graph) -> Bool {
        (node.inputs + node.outputs).contains { index in
            guard graph.tensors.indices.contains(index), let q = graph.tensors[index].quantization else { return false }
            return !KernelNode.isTrivial(q)
        }
    }
}
