import QuantRTCore

/// The report printed after every conversion: constant sizes before and after per kind of
/// tensor, ops kept in float and why, calibration time.
public enum ConversionReport {
    /// What a constant tensor is for.
    enum Role: String, CaseIterable {
        case weights, bias, other = "other constants"
    }

    /// Bytes of constants per role (a constant feeding DEQUANTIZE takes its consumer's role).
    static func constantBytes(_ model: Model) -> [Role: Int] {
        var bytes: [Role: Int] = [:]
        for graph in model.graphs {
            let consumers = graph.consumers()
            func role(_ tensor: Int, depth: Int = 0) -> Role {
                for consumer in consumers[tensor] {
                    let node = graph.nodes[consumer]
                    if case .dequantize = node.op, depth < 2 { return role(node.outputs[0], depth: depth + 1) }
                    guard let rule = OpQuantizationRules.rule(for: node.op.kind) else { continue }
                    if let weight = rule.weight, node.input(weight.input) == tensor { return .weights }
                    if let bias = rule.bias, node.input(bias) == tensor { return .bias }
                }
                return .other
            }
            for (index, tensor) in graph.tensors.enumerated() {
                guard let data = tensor.data else { continue }
                bytes[role(index), default: 0] += data.count
            }
        }
        return bytes
    }

    /// Bytes of constants per dtype.
    static func bytesPerDType(_ model: Model) -> [DType: Int] {
        var bytes: [DType: Int] = [:]
        for graph in model.graphs { for tensor in graph.tensors { if let data = tensor.data { bytes[tensor.dtype, default: 0] += data.count } } }
        return bytes
    }

    /// The report's lines.
    public static func text(source: Model, result: ConversionResult, mode: ConversionMode, input: String, inputSize: Int,
                            output: String, outputSize: Int) -> String {
        let before = constantBytes(source), after = constantBytes(result.model)
        func percent(_ a: Int, _ b: Int) -> String { b > 0 ? String(format: "%.1f%%", 100 * Double(a) / Double(b)) : "-" }
        var lines = [
            "\(input) (\(inputSize) bytes) -> \(output) (\(outputSize) bytes, \(percent(outputSize, inputSize))), mode \(mode), \(String(format: "%.2f", result.seconds)) s",
            "constants            before        after",
        ]
        for role in Role.allCases {
            lines.append(pad(role.rawValue, 16) + pad("\(before[role] ?? 0)", 10, left: true) + pad("\(after[role] ?? 0)", 13, left: true) + "  " + percent(after[role] ?? 0, before[role] ?? 0))
        }
        let totalBefore = before.values.reduce(0, +), totalAfter = after.values.reduce(0, +)
        lines.append(pad("total", 16) + pad("\(totalBefore)", 10, left: true) + pad("\(totalAfter)", 13, left: true) + "  " + percent(totalAfter, totalBefore))
        lines.append("after, per dtype: " + bytesPerDType(result.model).sorted { $0.value > $1.value }.map { "\($0.key) \($0.value)" }.joined(separator: ", "))
        var ops: [String: Int] = [:]
        for graph in result.model.graphs { for node in graph.nodes { ops[node.op.kind.rawValue, default: 0] += 1 } }
        lines.append("ops: " + ops.sorted { $0.value == $1.value ? $0.key < $1.key : $0.value > $1.value }.map { "\($0.key) \($0.value)" }.joined(separator: ", "))
        if result.floatFallbacks.isEmpty {
            if mode == .int8 || mode == .int8Only || mode == .int16x8 { lines.append("kept in float: none") }
        } else {
            lines.append("kept in float: \(result.floatFallbacks.count) node(s)")
            lines += result.floatFallbacks.map { "  \($0)" }
        }
        if mode == .dynamic || mode.needsCalibration {
            var line = "weight scales: \(result.options.effectiveWeightScaling.rawValue) (per output channel, symmetric int8)"
            if mode == .int16x8 { line += ", int16 ranges widened \(result.options.int16Headroom)x" }
            lines.append(line)
        }
        if let calibration = result.calibration {
            let rate = calibration.seconds > 0 ? Double(calibration.samples) / calibration.seconds : 0
            lines.append("calibration: \(calibration.samples) samples in \(String(format: "%.2f", calibration.seconds)) s (\(String(format: "%.1f", rate)) samples/s), \(calibration.method)")
        }
        return lines.joined(separator: "\n")
    }

    private static func pad(_ text: String, _ width: Int, left: Bool = false) -> String {
        let padding = String(repeating: " ", count: max(0, width - text.count))
        return left ? padding + text : text + padding
    }
}
