import QuantRTConvert
import QuantRTCore
import QuantRTFormat
import XCTest

/// Our quantized graphs look like the TFLite converter's: same ops, dtypes, per-axis weights,
/// bias dtypes, QUANTIZE/DEQUANTIZE placement and (same calibration data, same method) the same
/// activation scales — so the same kernels run both. Files are no more than 5% larger.
final class TFLiteConventionTests: XCTestCase {
    /// Compares node by node (QUANTIZE/DEQUANTIZE/NEG islands of theirs excluded when `skipIslands`);
    /// activation scales within `scaleTolerance` (relative) and zero points within 1 when it is given.
    private func assertSameStructure(_ ours: Model, _ theirs: Model, scaleTolerance: Float?, skipIslands: Bool = false,
                                     file: StaticString = #filePath, line: UInt = #line) {
        let (a, b) = (ours.graphs[0], theirs.graphs[0])
        let island: Set<OpKind> = [.quantize, .dequantize, .neg]
        let oursNodes = a.nodes.filter { !skipIslands || !island.contains($0.op.kind) }
        let theirNodes = b.nodes.filter { !skipIslands || !island.contains($0.op.kind) }
        XCTAssertEqual(oursNodes.map(\.op.kind), theirNodes.map(\.op.kind), file: file, line: line)
        guard oursNodes.count == theirNodes.count else { return }
        var worst: Float = 0, worstWhere = ""
        for (index, (x, y)) in zip(oursNodes, theirNodes).enumerated() {
            let pairs = zip(x.inputs + x.outputs, y.inputs + y.outputs).filter { $0.0 != Node.absent && $0.1 != Node.absent }
            for (p, q) in pairs {
                let (s, t) = (a.tensors[p], b.tensors[q])
                if skipIslands && (a.producers()[p].map { island.contains(a.nodes[$0].op.kind) } ?? false || b.producers()[q].map { island.contains(b.nodes[$0].op.kind) } ?? false) { continue }
                XCTAssertEqual(s.dtype, t.dtype, "node \(index) \(x.op.kind) tensor '\(t.name)'", file: file, line: line)
                guard let sq = s.quantization, let tq = t.quantization else {
                    XCTAssertEqual(s.quantization == nil, t.quantization == nil, "node \(index) \(x.op.kind) '\(t.name)' quantization", file: file, line: line)
                    continue
                }
                XCTAssertEqual(sq.scales.count, tq.scales.count, "node \(index) '\(t.name)'", file: file, line: line)
                if tq.isPerAxis { XCTAssertEqual(sq.axis, tq.axis, "node \(index) '\(t.name)'", file: file, line: line); continue }
                guard s.data == nil, scaleTolerance != nil else { continue }
                let relative = abs(sq.scale - tq.scale) / tq.scale
                if relative > worst { worst = relative; worstWhere = "node \(index) \(x.op.kind) '\(t.name)': ours \(sq), theirs \(tq)" }
                XCTAssertLessThanOrEqual(abs(sq.zeroPoint - tq.zeroPoint), 1, "node \(index) '\(t.name)': ours \(sq), theirs \(tq)", file: file, line: line)
            }
        }
        if let scaleTolerance { XCTAssertLessThanOrEqual(worst, scaleTolerance, worstWhere, file: file, line: line) }
    }

    func testDigitsCNNEveryModeMatchesTheTFLiteConverter() throws {
        for mode in ConversionMode.allCases {
            let ours = try SharedModels.ours("digits_cnn", mode)
            let theirs = try SharedModels.theirs("digits_cnn", mode)
            if mode == .fp16 {
                XCTAssertEqual(ours.graphs[0].nodes.filter { $0.op.kind != .dequantize }.map(\.op.kind),
                               theirs.graphs[0].nodes.filter { $0.op.kind != .dequantize }.map(\.op.kind))
                XCTAssertEqual(ours.graphs[0].nodes.filter { $0.op.kind == .dequantize }.count, theirs.graphs[0].nodes.filter { $0.op.kind == .dequantize }.count)
            } else {
                // int16x8 ranges get 2x headroom (see IntegerScheme.int16Headroom): same structure, other scales.
                assertSameStructure(ours, theirs, scaleTolerance: mode == .int16x8 ? nil : 1e-4)
            }
            let size = try ModelFile.serialize(ours).count, theirSize = try SharedModels.theirSize("digits_cnn", mode)
            XCTAssertLessThanOrEqual(Double(size), 1.05 * Double(theirSize), "\(mode): ours \(size) bytes, TFLite's \(theirSize)")
        }
    }

    // tiny_transformer: same ops and dtypes, but not the same scales: the TFLite converter gives the
    // FULLY_CONNECTED before each residual ADD the ADD's (wider) output range, we calibrate each tensor.

    func testTinyTransformerInt8OnlyHasNoFloatIslands() throws {
        let ours = try SharedModels.ours("tiny_transformer", .int8Only)
        XCTAssertFalse(ours.graphs[0].nodes.contains { $0.op.kind == .quantize || $0.op.kind == .dequantize })
        XCTAssertTrue(ours.graphs[0].tensors.allSatisfy { $0.dtype != .float32 }, "an int8-only model holds no float tensor")
        assertSameStructure(ours, try SharedModels.theirs("tiny_transformer", .int8Only), scaleTolerance: nil, skipIslands: true)
        XCTAssertLessThanOrEqual(Double(try ModelFile.serialize(ours).count), 1.05 * Double(try SharedModels.theirSize("tiny_transformer", .int8Only)))
    }

    func testTinyTransformerInt16x8MatchesTheTFLiteConverterWithoutFloatIslands() throws {
        let ours = try SharedModels.ours("tiny_transformer", .int16x8).graphs[0]
        let theirs = try SharedModels.theirs("tiny_transformer", .int16x8).graphs[0]
        let island: Set<OpKind> = [.quantize, .dequantize, .neg]
        let expected = theirs.nodes.map(\.op.kind).filter { !island.contains($0) }
        XCTAssertEqual(ours.nodes.map(\.op.kind).filter { !island.contains($0) }, expected)
        XCTAssertEqual(ours.nodes.filter { $0.op.kind == .quantize || $0.op.kind == .dequantize }.count, 2, "only at the float input and output")
        for node in ours.nodes where !island.contains(node.op.kind) {
            for tensor in node.inputs + node.outputs where tensor != Node.absent && ours.tensors[tensor].data == nil && ours.tensors[tensor].dtype != .int32 {
                XCTAssertEqual(ours.tensors[tensor].dtype, .int16, "\(node.op.kind) '\(ours.tensors[tensor].name)'")
                XCTAssertEqual(ours.tensors[tensor].quantization?.zeroPoint, 0)
            }
            if let rule = OpQuantizationRules.rule(for: node.op.kind), let bias = rule.bias, let b = node.input(bias) {
                XCTAssertEqual(ours.tensors[b].dtype, .int64)
            }
        }
        XCTAssertLessThanOrEqual(Double(try ModelFile.serialize(try SharedModels.ours("tiny_transformer", .int16x8)).count),
                                 1.05 * Double(try SharedModels.theirSize("tiny_transformer", .int16x8)))
    }

    func testDynamicWeightsAreBitIdenticalToTheTFLiteConverters() throws {
        for name in ["digits_cnn", "tiny_transformer"] {
            let ours = try SharedModels.ours(name, .dynamic).graphs[0], theirs = try SharedModels.theirs(name, .dynamic).graphs[0]
            XCTAssertEqual(ours.nodes.count, theirs.nodes.count)
            var compared = 0
            for (x, y) in zip(ours.nodes, theirs.nodes) {
                for (p, q) in zip(x.inputs, y.inputs) where p != Node.absent && q != Node.absent && ours.tensors[p].dtype == .int8 {
                    XCTAssertEqual(theirs.tensors[q].dtype, .int8)
                    XCTAssertEqual(ours.tensors[p].data, theirs.tensors[q].data, "\(name) '\(theirs.tensors[q].name)'")
                    XCTAssertEqual(ours.tensors[p].quantization?.scales, theirs.tensors[q].quantization?.scales)
                    compared += 1
                }
            }
            XCTAssertGreaterThan(compared, 0)
        }
    }
}
