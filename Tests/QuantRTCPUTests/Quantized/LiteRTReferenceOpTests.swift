import QuantRT
import QuantRTCPU
import QuantRTCore
import QuantRTFormat
import TestSupport
import XCTest

/// Every node of the shared quantized models, replayed alone on the tensors LiteRT's reference
/// kernels computed (`<variant>_ref_tensors_00.npz`): our integer kernel must land within 1 LSB
/// of their output with at least 99% of elements identical; float nodes within float tolerance.
final class LiteRTReferenceOpTests: XCTestCase {
    private func check(_ model: String, _ variant: String, factories: [OpKind: CPUKernelFactory], label: String) throws {
        guard let root = SharedData.root else { throw XCTSkip(SharedData.absentMessage) }
        let archive = "\(root)/refdata/\(model)/\(variant)_ref_tensors_00.npz"
        guard SharedData.exists(archive) else { throw XCTSkip("\(archive) is absent") }
        let graph = try TFLiteImporter.importModel(contentsOf: "\(root)/models/\(model)/\(variant).tflite").graphs[0]
        let saved = try NPZArchive(contentsOf: archive)
        var failures: [String] = []
        var summary: [OpKind: (count: Int, worst: Double)] = [:]
        for index in graph.nodes.indices {
            let outcomes: [NodeReplay.Outcome]
            do {
                outcomes = try NodeReplay.replay(index, of: graph, saved: saved, factories: factories)
            } catch {
                failures.append("node \(index) \(graph.nodes[index].op.kind): \(error)")
                continue
            }
            for outcome in outcomes {
                let ok: Bool
                if outcome.dtype == .float32 {
                    ok = outcome.maxDifference <= 1e-5 * max(1, outcome.maxReference)
                } else {
                    ok = outcome.maxDifference <= 1 && outcome.identical >= 0.99
                }
                if !ok { failures.append(outcome.description) }
                let previous = summary[outcome.op] ?? (0, 0)
                summary[outcome.op] = (previous.count + 1, max(previous.worst, outcome.maxDifference))
            }
        }
        let table = summary.sorted { $0.key.rawValue < $1.key.rawValue }.map { "\($0.key) ×\($0.value.count) worst \($0.value.worst)" }
        print("\(label) \(model) \(variant): \(graph.nodes.count) nodes; \(table.joined(separator: ", "))")
        XCTAssert(failures.isEmpty, "\(label) \(model) \(variant): \(failures.count) node(s) off:\n" + failures.prefix(30).joined(separator: "\n"))
    }

    private var delegateFactories: [OpKind: CPUKernelFactory] {
        ReferenceKernels.dispatchingByPrecision(float: CPUDelegate(threads: 2).factories, quantized: CPUInt8Delegate(threads: 2).factories)
    }

    func testDigitsInt8Only() throws {
        try check("digits_cnn", "int8_only", factories: ReferenceKernels.factories, label: "reference")
        try check("digits_cnn", "int8_only", factories: delegateFactories, label: "int8")
    }

    func testDigitsInt16x8() throws {
        try check("digits_cnn", "int16x8", factories: ReferenceKernels.factories, label: "reference")
        try check("digits_cnn", "int16x8", factories: delegateFactories, label: "int8")
    }

    func testMobileNetInt8Only() throws {
        try check("mobilenet_v2", "int8_only", factories: delegateFactories, label: "int8")
    }

    func testMobileNetInt16x8() throws {
        try check("mobilenet_v2", "int16x8", factories: delegateFactories, label: "int8")
    }

    func testTinyTransformerInt8Only() throws {
        try check("tiny_transformer", "int8_only", factories: ReferenceKernels.factories, label: "reference")
        try check("tiny_transformer", "int8_only", factories: delegateFactories, label: "int8")
    }
}
