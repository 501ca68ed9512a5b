import QuantRTConvert
import QuantRTCore
import XCTest

/// Accuracy and cosine of our quantized models against the TFLite converter's, both judged the
/// same way: through ``QuantizationSimulation`` on the float kernels (so before, and independent
/// of, the integer kernels). The integer-kernel runs are in `RuntimeAccuracyTests`.
final class SimulatedAccuracyTests: XCTestCase {
    private func simulated(_ model: Model) -> Model { QuantizationSimulation.floatModel(simulating: model) }

    func testDigitsCNNEveryQuantizedModeIsAsAccurateAsTFLite() throws {
        let test = try ModelEvaluation.digitsTestSet()
        for mode in [ConversionMode.dynamic, .int8, .int8Only, .int16x8] {
            let ours = ModelEvaluation.accuracy(try ModelEvaluation.outputs(simulated(try SharedModels.ours("digits_cnn", mode)), samples: test.samples), labels: test.labels)
            let theirs = ModelEvaluation.accuracy(try ModelEvaluation.outputs(simulated(try SharedModels.theirs("digits_cnn", mode)), samples: test.samples), labels: test.labels)
            XCTAssertGreaterThanOrEqual(ours, theirs - 0.005, "\(mode): ours \(ours), TFLite's \(theirs)")
            XCTAssertGreaterThanOrEqual(ours, 0.9867 - 0.005, "\(mode): ours \(ours)")
        }
    }

    func testTinyTransformerCosineAtLeastTFLites() throws {
        let reference = try ModelEvaluation.referencePairs("tiny_transformer", count: 10)
        for mode in [ConversionMode.dynamic, .int8, .int8Only, .int16x8] {
            let ours = ModelEvaluation.meanCosine(try ModelEvaluation.outputs(simulated(try SharedModels.ours("tiny_transformer", mode)), samples: reference.samples), reference.outputs)
            let theirs = ModelEvaluation.meanCosine(try ModelEvaluation.outputs(simulated(try SharedModels.theirs("tiny_transformer", mode)), samples: reference.samples), reference.outputs)
            print("tiny_transformer \(mode) simulated cosine: ours \(ours), TFLite's \(theirs)")
            XCTAssertGreaterThanOrEqual(ours, theirs - 1e-6, "\(mode): ours \(ours), TFLite's \(theirs)")
        }
    }

    func testMobileNetV2Int8CosineAtLeastTFLites() throws {
        let reference = try ModelEvaluation.referencePairs("mobilenet_v2", count: 3)
        let ours = ModelEvaluation.meanCosine(try ModelEvaluation.outputs(simulated(try SharedModels.ours("mobilenet_v2", .int8)), samples: reference.samples), reference.outputs)
        let theirs = ModelEvaluation.meanCosine(try ModelEvaluation.outputs(simulated(try SharedModels.theirs("mobilenet_v2", .int8)), samples: reference.samples), reference.outputs)
        print("mobilenet_v2 int8 simulated cosine: ours \(ours), TFLite's \(theirs)")
        XCTAssertGreaterThanOrEqual(ours, theirs - 1e-4, "ours \(ours), TFLite's \(theirs)")
    }
}
