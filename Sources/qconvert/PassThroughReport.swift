import Foundation
import QuantRTCore
import QuantRTFormat

/// What a conversion without a mode produced: sizes per dtype and in total.
enum PassThroughReport {
    static func text(model: Model, inputFormat: ModelLoader.Format, input: String, inputSize: Int,
                     output: String, outputSize: Int, seconds: Double) -> String {
        var constantBytes: [DType: Int] = [:]
        var constantCount = 0, nodes = 0
        for graph in model.graphs {
            nodes += graph.nodes.count
            for tensor in graph.tensors {
                if let data = tensor.data { constantBytes[tensor.dtype, default: 0] += data.count; constantCount += 1 }
            }
        }
        var lines = [
            "\(input) (\(inputFormat.rawValue), \(inputSize) bytes) -> \(output) (\(outputSize) bytes) in \(String(format: "%.1f", seconds * 1000)) ms",
            "graphs: \(model.graphs.count), nodes: \(nodes), signatures: \(model.signatures.map(\.name).joined(separator: ", "))",
            "constants: \(constantCount)",
        ]
        for (dtype, bytes) in constantBytes.sorted(by: { $0.value > $1.value }) {
            lines.append("  \(dtype): \(bytes) bytes")
        }
        return lines.joined(separator: "\n")
    }
}
