import QuantRTCore

/// Brings a source model to plain float32 form before conversion: float16 weights feeding
/// DEQUANTIZE become float32 constants, and an already quantized model is refused.
enum FloatModelPreparation {
    /// The prepared model, or ``ConversionError/notAFloatModel(_:)``.
    static func prepare(_ model: Model) throws -> Model {
        var result = model
        for (graphIndex, graph) in model.graphs.enumerated() {
            if let quantized = graph.tensors.firstIndex(where: { $0.quantization != nil && !$0.quantization!.scales.isEmpty }) {
                throw ConversionError.notAFloatModel(
                    "the model is already quantized (graph \(graphIndex) tensor \(quantized) '\(graph.tensors[quantized].name)' is \(graph.tensors[quantized].dtype) with \(graph.tensors[quantized].quantization!)): convert its float original")
            }
            result.graphs[graphIndex] = foldFloat16Weights(graph)
        }
        return GraphCompaction.compact(result)
    }

    /// Replaces every DEQUANTIZE of a dense float16 constant by the float32 constant it computes.
    static func foldFloat16Weights(_ graph: Graph) -> Graph {
        var graph = graph
        graph.nodes = graph.nodes.filter { node in
            guard case .dequantize = node.op, let source = node.input(0), graph.tensors[source].dtype == .float16,
                  graph.tensors[source].sparsity == nil, let data = graph.tensors[source].data else { return true }
            let values = data.values(as: Float16.self).map(Float.init)
            graph.tensors[node.outputs[0]].data = ConstantData(copying: values)
            return false
        }
        return graph
    }
}
