import Foundation
import QuantRT
import QuantRTCPU
import QuantRTConvert
import QuantRTCore
import XCTest

final class TmpDebugTests: XCTestCase {
    func testFirstDivergingTensor() throws {
        guard let which = ProcessInfo.processInfo.environment["QUANTRT_TMP"] else { throw XCTSkip("tmp") }
        let mode = ConversionMode(rawValue: ProcessInfo.processInfo.environment["QUANTRT_TMP_MODE"] ?? "int8-only")!
        let quantized = which == "theirs" ? try SharedModels.theirs("tiny_transformer", mode) : try SharedModels.ours("tiny_transformer", mode)
        let simulated = QuantizationSimulation.floatModel(simulating: quantized)
        let samples = try ModelEvaluation.referencePairs("tiny_transformer", count: 3).samples
        var q = quantized; let g = q.graphs[0]
        let produced = Set(g.nodes.flatMap(\.outputs))
        let acts = g.tensors.indices.filter { g.tensors[$0].data == nil && produced.contains($0) }
        q.graphs[0].outputs = acts
        q.signatures[0].outputs = acts.map { Signature.Binding(name: "t\($0)", tensor: $0) }
        var s = simulated
        s.graphs[0].outputs = acts
        s.signatures[0].outputs = acts.map { Signature.Binding(name: "t\($0)", tensor: $0) }
        let qr = try Interpreter(model: q).runner()
        let sr = try Interpreter(model: s, delegates: [CPUDelegate()]).runner()
        let input = qr.inputs[0].tensor
        var errs = [Double](repeating: 0, count: acts.count)
        for sample in samples {
            let qin = input.dtype == .float32 ? sample : sample.quantized(to: input.dtype, with: input.quantization!)!
            let qo = try qr.run([qin]), so = try sr.run([sample])
            for (k, t) in acts.enumerated() {
                let desc = g.tensors[t]
                let a = desc.quantization.map { qo[k].dequantized(with: $0).values(as: Float.self) } ?? qo[k].floatValues()
                let b = so[k].floatValues()
                let step = Double(b.map { abs($0) }.reduce(0, +)) / Double(b.count) + 1e-12
                // mean |error| in LSB of the tensor
                errs[k] += zip(a, b).map { Double(abs($0 - $1)) }.reduce(0, +) / Double(a.count) / step / Double(samples.count)
            }
        }
        for (k, t) in acts.enumerated() {
            let producer = g.nodes.firstIndex { $0.outputs.contains(t) }!
            print(String(format: "DBG node %3d %@ %@ relerr %.5f", producer, g.nodes[producer].op.kind.rawValue, g.tensors[t].dtype.rawValue, errs[k]))
        }
    }
}
