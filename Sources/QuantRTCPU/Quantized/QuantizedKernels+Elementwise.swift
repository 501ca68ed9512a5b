import QuantRTCore

extension QuantizedKernels {
    /// Elementwise arithmetic, activations, pooling, reductions, softmax, quantize/dequantize and
    /// the data-movement ops that must requantize (pad, concatenation).
    static let elementwiseFactories: [OpKind: CPUKernelFactory] = [
        .quantize: { try ReferenceQuantizeKernel(node: $0, graph: $1) },
        .dequantize: { try ReferenceDequantizeKernel(node: $0, graph: $1) },
    ]
}
