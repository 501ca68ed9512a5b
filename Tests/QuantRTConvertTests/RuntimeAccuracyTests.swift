import QuantRTConvert
import QuantRTCore
import XCTest

/// Mean output cosine to the float model of our quantized models and the TFLite converter's,
/// both run by our runtime's integer kernels: ours must be at least theirs, mode by mode.
/// Skips (naming the op) while an integer kernel a model needs is not on the branch.
final class RuntimeAccuracyTests: XCTestCase {
    private func compare(_ name: String, _ mode: ConversionMode, samples count: Int, file: StaticString = #filePath, line: UInt = #line) throws {
        let reference = try ModelEvaluation.referencePairs(name, count: count)
        let ours = ModelEvaluation.meanCosine(try ModelEvaluation.outputs(try SharedModels.ours(name, mode), samples: reference.samples), reference.outputs)
        let theirs = ModelEvaluation.meanCosine(try ModelEvaluation.outputs(try SharedModels.theirs(name, mode), samples: reference.samples), reference.outputs)
        print("\(name) \(mode) cosine on our runtime: ours \(ours), TFLite's \(theirs)")
        XCTAssertGreaterThanOrEqual(ours, theirs - 1e-6, "\(name) \(mode): ours \(ours), TFLite's \(theirs)", file: file, line: line)
    }

    func testTinyTransformerDynamic() throws { try compare("tiny_transformer", .dynamic, samples: 10) }
    func testTinyTransformerInt8() throws { try compare("tiny_transformer", .int8, samples: 10) }
    func testTinyTransformerInt8Only() throws { try compare("tiny_transformer", .int8Only, samples: 10) }
    func testTinyTransformerInt16x8() throws { try compare("tiny_transformer", .int16x8, samples: 10) }
    func testMobileNetV2Dynamic() throws { try compare("mobilenet_v2", .dynamic, samples: 2) }
    func testMobileNetV2Int8() throws { try compare("mobilenet_v2", .int8, samples: 2) }
    func testMobileNetV2Int16x8() throws { try compare("mobilenet_v2", .int16x8, samples: 2) }
}
