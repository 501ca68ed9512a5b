import Foundation
import QuantRTConvert
import QuantRTCore
import QuantRTFormat
import XCTest

/// minmax against mse and percentile calibration, run on our integer kernels (the numbers in README.md).
/// Opt-in, it takes a while: QUANTRT_CALIBRATION_STUDY=1 swift test --filter CalibrationMethodStudyTests
final class CalibrationMethodStudyTests: XCTestCase {
    private let methods: [CalibrationMethod] = [.minmax, .mse, .percentile(99.999), .percentile(99.99), .percentile(99.9)]

    override func setUpWithError() throws {
        guard ProcessInfo.processInfo.environment["QUANTRT_CALIBRATION_STUDY"] != nil else {
            throw XCTSkip("opt-in study: set QUANTRT_CALIBRATION_STUDY=1")
        }
    }

    private func convert(_ name: String, _ dataset: CalibrationDataset, _ method: CalibrationMethod) throws -> Model {
        let (model, _) = try ModelLoader.load(contentsOf: try SharedModels.root() + "/models/\(name)/fp32.tflite")
        let options = ConversionOptions(mode: .int8, calibrationMethod: method, threads: 2)
        return try Converter.convert(model, options: options, calibration: dataset).model
    }

    private func dataset(_ name: String) throws -> CalibrationDataset {
        let (model, _) = try ModelLoader.load(contentsOf: try SharedModels.root() + "/models/\(name)/fp32.tflite")
        return try CalibrationDataset.load(try SharedModels.calibration(name), for: model)
    }

    func testStudy() throws {
        let test = try ModelEvaluation.digitsTestSet()
        let data = try dataset("digits_cnn")
        for method in methods {
            let accuracy = ModelEvaluation.accuracy(try ModelEvaluation.outputs(try convert("digits_cnn", data, method), samples: test.samples), labels: test.labels)
            print("STUDY digits_cnn int8 \(method): accuracy \(accuracy)")
        }
        for (name, count) in [("tiny_transformer", 10), ("mobilenet_v2", 10)] {
            let reference = try ModelEvaluation.referencePairs(name, count: count)
            let data = try dataset(name)
            for method in methods {
                let cosine = ModelEvaluation.meanCosine(try ModelEvaluation.outputs(try convert(name, data, method), samples: reference.samples), reference.outputs)
                print("STUDY \(name) int8 \(method): cosine \(cosine)")
            }
        }
    }
}
