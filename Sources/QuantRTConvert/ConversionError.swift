/// Why a conversion failed. Every case names what the user must fix; nothing is written on error.
public enum ConversionError: Error, Sendable, CustomStringConvertible {
    /// The source model is not a float model (already quantized, or uses unsupported features).
    case notAFloatModel(String)
    /// A calibration source is unusable: the file, the input and what was expected.
    case badCalibrationData(file: String, message: String)
    /// The mode needs a representative dataset and none (or not enough) was given.
    case missingCalibration(String)
    /// Integer-only conversion met ops without an integer kernel (node index, op, reason).
    case opsWithoutIntegerKernel(mode: ConversionMode, nodes: [FloatFallback])

    public var description: String {
        switch self {
        case .notAFloatModel(let message): return message
        case .badCalibrationData(let file, let message): return "calibration data \(file): \(message)"
        case .missingCalibration(let message): return message
        case .opsWithoutIntegerKernel(let mode, let nodes):
            let hint = mode == .int16x8 ? " (--allow-float-fallback keeps them in float)" : " (mode int8 keeps them in float)"
            let list = nodes.map { "node \($0.node) \($0.op) (\($0.reason))" }.joined(separator: "; ")
            return "\(mode) cannot quantize \(nodes.count) node(s)\(hint): \(list)"
        }
    }
}

/// A node the conversion keeps in float, and why.
public struct FloatFallback: Sendable, Equatable, CustomStringConvertible {
    /// The graph the node belongs to.
    public var graph: Int
    /// The node's index in the source graph.
    public var node: Int
    /// The node's op.
    public var op: String
    /// Why it stays float.
    public var reason: String

    public var description: String { "graph \(graph) node \(node) \(op): \(reason)" }
}
