import QuantRT
import QuantRTCPU
import QuantRTCore
import QuantRTFormat
import TestSupport
import XCTest

/// tiny_transformer's int16x8 has no LiteRT reference (LiteRT cannot run it), so each of its
/// int16 nodes is checked against the float reference kernel run on the dequantized inputs that
/// node saw in our own run: within 2.5 LSB of the output (the LUT-based GELU, RSQRT and SOFTMAX
/// are the loosest, at about 2).
final class Int16ModelNodeTests: XCTestCase {
    func testEveryInt16NodeOfTinyTransformerAgainstFloat() throws {
        guard let root = SharedData.root else { throw XCTSkip(SharedData.absentMessage) }
        var g = try TFLiteImporter.importModel(contentsOf: "\(root)/models/tiny_transformer/int16x8.tflite").graphs[0]
        let produced = g.nodes.flatMap(\.outputs)
        g.outputs = produced
        let runner = try Interpreter(model: Model(graphs: [g])).runner()
        let x = try NPY.read(contentsOf: SharedData.resolve("\(root)/refdata/tiny_transformer/input_00.npy"))
        let values = try runner.run([x])
        var byTensor: [Int: HostTensor] = [:]
        for (t, v) in zip(produced, values) { byTensor[t] = v }
        byTensor[g.inputs[0]] = x
        var checked = 0
        for (index, node) in g.nodes.enumerated() {
            // QUANTIZE is the identity in float: its rounding is checked by the kernel tests.
            guard node.op.kind != .quantize, let out = node.outputs.first, g.tensors[out].dtype == .int16, let q = g.tensors[out].quantization else { continue }
            var inputs: [(HostTensor, constant: Bool)] = []
            for t in node.inputs where t >= 0 {
                let d = g.tensors[t]
                var value: HostTensor
                if let data = d.data { value = HostTensor(dtype: d.dtype, shape: d.shape, bytes: Array(data.bytes)) } else { value = byTensor[t]! }
                if let qq = d.quantization, !qq.scales.isEmpty, [.int8, .int16, .int32, .int64].contains(d.dtype), !(d.dtype == .int32 && qq.scales == [1]) {
                    value = value.dequantized(with: qq)
                }
                inputs.append((value, d.data != nil))
            }
            guard let expected = try? KernelHarness.reference(node.op, inputs: inputs, outputs: [(.float32, g.tensors[out].shape)])[0].values(as: Float.self) else {
                XCTFail("node \(index) \(node.op.kind): the float reference kernel cannot run it"); continue
            }
            let ours = byTensor[out]!.dequantized(with: q).values(as: Float.self)
            var worst: Float = 0
            for (a, e) in zip(ours, expected) { worst = max(worst, abs(a - min(max(e, -32768 * q.scale), 32767 * q.scale)) / q.scale) }
            XCTAssertLessThanOrEqual(worst, 2.5, "node \(index) \(node.op.kind): \(worst) LSB from the float reference")
            checked += 1
        }
        XCTAssertGreaterThan(checked, 50, "int16 nodes checked")
    }
}
