import QuantRTConvert
import QuantRTCore
import TestSupport
import XCTest

/// The full-integer modes on a small CNN: op placement, dtypes and the spec's constraints.
final class IntegerQuantizationTests: XCTestCase {
    private func convert(_ model: Model, _ options: ConversionOptions) throws -> ConversionResult {
        try Converter.convert(model, options: options, calibration: SmallModels.dataset(for: model))
    }

    private func producer(of tensor: Int, in graph: Graph) -> Node? { graph.nodes.first { $0.outputs.contains(tensor) } }

    func testInt8KeepsFloatInterfaceWithQuantizeAndDequantizeAtTheEdges() throws {
        let result = try convert(SmallModels.cnn(), ConversionOptions(mode: .int8))
        XCTAssertEqual(SmallModels.ops(result.model), [.quantize, .conv2D, .maxPool2D, .reshape, .fullyConnected, .softmax, .dequantize])
        let graph = result.model.graphs[0]
        XCTAssertEqual(graph.tensors[graph.inputs[0]].dtype, .float32)
        XCTAssertEqual(graph.tensors[graph.outputs[0]].dtype, .float32)
        XCTAssertTrue(result.floatFallbacks.isEmpty)
        XCTAssertEqual(result.model.signatures[0].inputs.map(\.name), ["image"])
    }

    func testWeightsPerChannelBiasInt32AndSpecConstraints() throws {
        let graph = try convert(SmallModels.cnn(), ConversionOptions(mode: .int8)).model.graphs[0]
        let conv = graph.nodes[1], pool = graph.nodes[2], reshape = graph.nodes[3], fc = graph.nodes[4], softmax = graph.nodes[5]
        let input = graph.tensors[conv.inputs[0]], filter = graph.tensors[conv.inputs[1]], bias = graph.tensors[conv.inputs[2]]
        XCTAssertEqual(input.dtype, .int8)
        XCTAssertEqual(filter.dtype, .int8)
        XCTAssertEqual(filter.quantization?.axis, 0)
        XCTAssertEqual(filter.quantization?.scales.count, 4)
        XCTAssertEqual(filter.quantization?.zeroPoints, [0, 0, 0, 0])
        XCTAssertEqual(bias.dtype, .int32)
        for channel in 0..<4 {
            XCTAssertEqual(bias.quantization!.scales[channel], input.quantization!.scale * filter.quantization!.scales[channel], accuracy: 1e-12)
        }
        XCTAssertEqual(graph.tensors[fc.inputs[1]].quantization?.axis, 0)
        XCTAssertEqual(graph.tensors[fc.inputs[1]].quantization?.scales.count, 5)
        // shared quantization through pooling and reshape
        XCTAssertEqual(graph.tensors[pool.outputs[0]].quantization, graph.tensors[pool.inputs[0]].quantization)
        XCTAssertEqual(graph.tensors[reshape.outputs[0]].quantization, graph.tensors[reshape.inputs[0]].quantization)
        XCTAssertEqual(graph.tensors[reshape.inputs[1]].dtype, .int32, "the shape operand stays as it is")
        // relu output: zero point at the bottom of the range
        XCTAssertEqual(graph.tensors[conv.outputs[0]].quantization?.zeroPoint, -128)
        let probabilities = graph.tensors[softmax.outputs[0]].quantization!
        XCTAssertEqual(probabilities.scale, 1.0 / 256)
        XCTAssertEqual(probabilities.zeroPoint, -128)
    }

    func testInt8OnlyHasIntegerInterface() throws {
        let model = try convert(SmallModels.cnn(), ConversionOptions(mode: .int8Only)).model
        XCTAssertEqual(SmallModels.ops(model), [.conv2D, .maxPool2D, .reshape, .fullyConnected, .softmax])
        let graph = model.graphs[0]
        XCTAssertEqual(graph.tensors[graph.inputs[0]].dtype, .int8)
        XCTAssertEqual(graph.tensors[graph.outputs[0]].dtype, .int8)
        XCTAssertEqual(graph.tensors[graph.outputs[0]].quantization?.scale, 1.0 / 256)
    }

    func testInt8OnlyWithUInt8InterfaceRequantizesAtTheEdges() throws {
        let model = try convert(SmallModels.cnn(), ConversionOptions(mode: .int8Only, ioType: .uint8)).model
        XCTAssertEqual(SmallModels.ops(model), [.quantize, .conv2D, .maxPool2D, .reshape, .fullyConnected, .softmax, .quantize])
        let graph = model.graphs[0]
        let input = graph.tensors[graph.inputs[0]], inner = graph.tensors[graph.nodes[0].outputs[0]]
        XCTAssertEqual(input.dtype, .uint8)
        XCTAssertEqual(inner.dtype, .int8)
        XCTAssertEqual(input.quantization!.zeroPoint, inner.quantization!.zeroPoint + 128)
        XCTAssertEqual(input.quantization!.scale, inner.quantization!.scale)
        XCTAssertEqual(graph.tensors[graph.outputs[0]].dtype, .uint8)
        XCTAssertEqual(graph.tensors[graph.outputs[0]].quantization?.zeroPoint, 0)
    }

    func testInt16x8HasSymmetricInt16ActivationsAndInt64Bias() throws {
        let graph = try convert(SmallModels.cnn(), ConversionOptions(mode: .int16x8)).model.graphs[0]
        let conv = graph.nodes[1]
        XCTAssertEqual(graph.tensors[conv.inputs[0]].dtype, .int16)
        XCTAssertEqual(graph.tensors[conv.inputs[0]].quantization?.zeroPoint, 0)
        XCTAssertEqual(graph.tensors[conv.inputs[1]].dtype, .int8)
        XCTAssertEqual(graph.tensors[conv.inputs[2]].dtype, .int64)
        let softmax = graph.tensors[graph.nodes[5].outputs[0]].quantization!
        XCTAssertEqual(softmax.scale, 1.0 / 32768)
        XCTAssertEqual(softmax.zeroPoint, 0)
    }

    func testOpWithoutIntegerKernelStaysFloatInInt8() throws {
        let result = try convert(SmallModels.cnn(withExp: true), ConversionOptions(mode: .int8))
        XCTAssertEqual(SmallModels.ops(result.model), [.quantize, .conv2D, .maxPool2D, .reshape, .fullyConnected, .dequantize, .exp, .quantize, .softmax, .dequantize])
        XCTAssertEqual(result.floatFallbacks.map(\.op), ["EXP"])
        XCTAssertEqual(result.floatFallbacks.first?.node, 4)
        XCTAssertTrue(result.floatFallbacks.first?.reason.contains("no int8 kernel") ?? false)
    }

    func testOpWithoutIntegerKernelIsAnErrorInInt8OnlyAndInt16x8() throws {
        let model = SmallModels.cnn(withExp: true)
        for options in [ConversionOptions(mode: .int8Only), ConversionOptions(mode: .int16x8)] {
            XCTAssertThrowsError(try convert(model, options)) { error in
                XCTAssertTrue("\(error)".contains("node 4 EXP"), "\(error)")
            }
        }
        let fallback = try convert(model, ConversionOptions(mode: .int16x8, allowFloatFallback: true))
        XCTAssertEqual(fallback.floatFallbacks.map(\.op), ["EXP"])
    }

    func testDequantizedConstantsApproximateTheFloatWeights() throws {
        let source = SmallModels.cnn()
        let graph = try convert(source, ConversionOptions(mode: .int8)).model.graphs[0]
        let original = source.graphs[0].tensors.first { $0.name == "fc_weights" }!.data!.values(as: Float.self)
        let quantized = graph.tensors[graph.nodes[4].inputs[1]]
        let restored = HostTensor(dtype: .int8, shape: quantized.shape, bytes: Array(quantized.data!.bytes)).dequantized(with: quantized.quantization!).values(as: Float.self)
        for (a, b) in zip(original, restored) { XCTAssertEqual(a, b, accuracy: quantized.quantization!.scales.max()! / 2 + 1e-6) }
    }

    func testFullIntegerModesNeedCalibrationData() {
        XCTAssertThrowsError(try Converter.convert(SmallModels.cnn(), options: ConversionOptions(mode: .int8))) { error in
            XCTAssertTrue("\(error)".contains("representative dataset"), "\(error)")
        }
    }

    func testAlreadyQuantizedModelIsRefused() throws {
        let quantized = try convert(SmallModels.cnn(), ConversionOptions(mode: .int8)).model
        XCTAssertThrowsError(try Converter.convert(quantized, options: ConversionOptions(mode: .dynamic))) { error in
            XCTAssertTrue("\(error)".contains("already quantized"), "\(error)")
        }
    }

    func testInt16x8CanComputeSquaredDifferenceAsSubAndMul() throws {
        var b = GraphBuilder()
        let x = b.input([1, 8], name: "x"), y = b.input([1, 8], name: "y")
        let z = b.node(.squaredDifference, [x, y], output: [1, 8])
        let model = Model(graphs: [b.graph(outputs: [z])])
        var random = TestRandom(seed: 5)
        let dataset = CalibrationDataset(samples: ["serving_default": (0..<4).map { _ in [HostTensor(shape: [1, 8], floats: random.floats(8)), HostTensor(shape: [1, 8], floats: random.floats(8))] }])
        let native = try Converter.convert(model, options: ConversionOptions(mode: .int16x8), calibration: dataset).model
        XCTAssertEqual(SmallModels.ops(native), [.quantize, .quantize, .squaredDifference, .dequantize])
        let split = try Converter.convert(model, options: ConversionOptions(mode: .int16x8, squaredDifferenceAsSubMul: true), calibration: dataset).model
        XCTAssertEqual(SmallModels.ops(split), [.quantize, .quantize, .sub, .mul, .dequantize])
        XCTAssertEqual(split.graphs[0].nodes[3].inputs[0], split.graphs[0].nodes[3].inputs[1], "MUL squares the difference")
    }
}
