import Foundation
import QuantRTConvert
import QuantRTCore
import QuantRTFormat
import XCTest

/// Our `.bin` keeps what the converter writes: per-axis scales, int32 and int64 bias, float16.
final class QuantizedModelFileTests: XCTestCase {
    private func roundTrip(_ model: Model) throws -> Model {
        let bytes = try ModelFile.serialize(model)
        let storage = bytes.withUnsafeBytes { ByteStorage(copying: $0) }
        return try ModelFile.read(bytes: storage, fileName: "memory")
    }

    func testInt8AndInt16x8ModelsRoundTripWithPerAxisScalesAndInt64Bias() throws {
        let source = SmallModels.cnn()
        for mode in [ConversionMode.int8, .int8Only, .int16x8] {
            let model = try Converter.convert(source, options: ConversionOptions(mode: mode), calibration: SmallModels.dataset(for: source)).model
            let read = try roundTrip(model)
            XCTAssertEqual(read, model, "\(mode)")
            let conv = read.graphs[0].nodes.first { $0.op.kind == .conv2D }!
            let filter = read.graphs[0].tensors[conv.inputs[1]], bias = read.graphs[0].tensors[conv.inputs[2]]
            XCTAssertEqual(filter.quantization?.scales.count, 4)
            XCTAssertEqual(filter.quantization?.axis, 0)
            XCTAssertEqual(bias.dtype, mode == .int16x8 ? .int64 : .int32)
            XCTAssertEqual(bias.quantization?.scales.count, 4)
        }
    }

    func testDepthwiseAxis3AndFloat16Survive() throws {
        var model = SmallModels.cnn()
        model.graphs[0].tensors[1].quantization = nil
        let half = try Converter.convert(model, options: ConversionOptions(mode: .fp16)).model
        XCTAssertEqual(try roundTrip(half), half)
        let perAxis = Quantization(scales: [0.1, 0.2, 0.3], zeroPoints: [0, 0, 0], axis: 3)
        let tensor = TensorDescriptor(name: "dw", dtype: .int8, shape: [1, 1, 1, 3], quantization: perAxis, data: ConstantData(copying: [Int8(1), 2, 3]))
        let single = Model(graphs: [Graph(tensors: [tensor], nodes: [], inputs: [], outputs: [])])
        XCTAssertEqual(try roundTrip(single).graphs[0].tensors[0].quantization, perAxis)
    }
}
