import QuantRTCore

/// Which family of kernels a node needs, decided from its tensors' dtypes.
public enum NodePrecision: Sendable, Equatable {
    /// Float32 (or plain-integer) tensors: the float kernels.
    case float
    /// Quantized int8/uint8/int16 activations: the integer kernels.
    case quantized
    /// Float activations with int8 weights (dynamic-range quantization): the hybrid kernels.
    case hybrid

    /// Classifies `node` of `graph`: quantized when its first input or first output is an int8,
    /// uint8 or int16 tensor; hybrid when a float32 convolution, fully connected or
    /// batch matmul reads int8 weights.
    public init(_ node: Node, in graph: Graph) {
        let dtype = { (tensor: Int?) -> DType? in
            guard let tensor, graph.tensors.indices.contains(tensor) else { return nil }
            return graph.tensors[tensor].dtype
        }
        // Plain (unquantized) int8/int16 tensors go to the integer registry too: its kernels
        // either take plain integers (CAST, pooling, max/min, concatenation) or say what is missing.
        let isQuantized = { (tensor: Int?) -> Bool in
            guard let tensor, graph.tensors.indices.contains(tensor) else { return false }
            return [.int8, .uint8, .int16].contains(graph.tensors[tensor].dtype)
        }
        let first = dtype(node.input(0))
        if isQuantized(node.input(0)) || isQuantized(node.outputs.first) {
            self = .quantized
        } else if [.conv2D, .depthwiseConv2D, .fullyConnected, .batchMatMul].contains(node.op.kind),
                  first == .float32, dtype(node.input(1)) == .int8 {
            self = .hybrid
        } else {
            self = .float
        }
    }
}
