import QuantRTConvert
import QuantRTCore
import TestSupport
import XCTest

/// `float32`, `dynamic` and `fp16`: no calibration, weights only.
final class WeightOnlyModesTests: XCTestCase {
    /// A fully-connected layer with `inputs × 64` weights.
    private func dense(inputs: Int) -> Model {
        var random = TestRandom(seed: 3)
        var b = GraphBuilder()
        let x = b.input([1, inputs])
        let w = b.constant([64, inputs], random.floats(64 * inputs), name: "w")
        let bias = b.constant([64], random.floats(64), name: "b")
        let y = b.node(.fullyConnected(FullyConnectedAttributes()), [x, w, bias], output: [1, 64])
        return Model(graphs: [b.graph(outputs: [y])])
    }

    func testDynamicQuantizesLargeWeightsPerChannelAndKeepsBiasFloat() throws {
        let model = try Converter.convert(dense(inputs: 32), options: ConversionOptions(mode: .dynamic)).model
        let graph = model.graphs[0], fc = graph.nodes[0]
        XCTAssertEqual(graph.tensors[fc.inputs[1]].dtype, .int8)
        XCTAssertEqual(graph.tensors[fc.inputs[1]].quantization?.scales.count, 64)
        XCTAssertEqual(graph.tensors[fc.inputs[2]].dtype, .float32)
        XCTAssertEqual(graph.tensors[fc.inputs[0]].dtype, .float32)
        XCTAssertEqual(fc.op, .fullyConnected(FullyConnectedAttributes(asymmetricQuantizeInputs: true)))
        XCTAssertEqual(graph.tensors.count, 4, "the float weights are gone")
    }

    func testDynamicLeavesWeightsUnder1024ElementsInFloat() throws {
        let model = try Converter.convert(dense(inputs: 8), options: ConversionOptions(mode: .dynamic)).model  // 512 weights
        XCTAssertEqual(model.graphs[0].tensors[model.graphs[0].nodes[0].inputs[1]].dtype, .float32)
    }

    func testFp16StoresFloat16ConstantsBehindDequantize() throws {
        let model = try Converter.convert(dense(inputs: 32), options: ConversionOptions(mode: .fp16)).model
        let graph = model.graphs[0]
        XCTAssertEqual(SmallModels.ops(model), [.dequantize, .dequantize, .fullyConnected])
        let halves = graph.tensors.filter { $0.dtype == .float16 }
        XCTAssertEqual(halves.count, 2)
        XCTAssertEqual(halves.map { $0.data!.count }.reduce(0, +), (64 * 32 + 64) * 2)
        XCTAssertNil(graph.tensors[graph.nodes[2].inputs[1]].data)
    }

    func testFloat16SourceWeightsAreWidenedForFloat32() throws {
        let half = try Converter.convert(dense(inputs: 32), options: ConversionOptions(mode: .fp16)).model
        let back = try Converter.convert(half, options: ConversionOptions(mode: .float32)).model
        XCTAssertEqual(SmallModels.ops(back), [.fullyConnected])
        XCTAssertEqual(back.graphs[0].tensors[back.graphs[0].nodes[0].inputs[1]].dtype, .float32)
    }
}
