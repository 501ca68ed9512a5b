import Foundation
import QuantRTConvert
import QuantRTCore
import QuantRTFormat
import XCTest

/// Prints the simulated table of README.md (sizes, accuracy or cosine, ours and the TFLite
/// converter's). Opt-in: QUANTRT_CALIBRATION_STUDY=1 swift test --filter SimulatedTableTests
final class SimulatedTableTests: XCTestCase {
    func testPrintTable() throws {
        guard ProcessInfo.processInfo.environment["QUANTRT_CALIBRATION_STUDY"] != nil else { throw XCTSkip("opt-in: set QUANTRT_CALIBRATION_STUDY=1") }
        let digits = try ModelEvaluation.digitsTestSet()
        for name in (ProcessInfo.processInfo.environment["QUANTRT_TABLE_MODELS"] ?? "digits_cnn,tiny_transformer,mobilenet_v2").split(separator: ",").map(String.init) {
            let reference = name == "digits_cnn" ? nil : try ModelEvaluation.referencePairs(name, count: 10)
            for mode in ConversionMode.allCases {
                let ours = try SharedModels.ours(name, mode), theirs = try SharedModels.theirs(name, mode)
                func score(_ model: Model) throws -> Double {
                    let simulated = QuantizationSimulation.floatModel(simulating: model)
                    if let reference {
                        return ModelEvaluation.meanCosine(try ModelEvaluation.outputs(simulated, samples: reference.samples), reference.outputs)
                    }
                    return ModelEvaluation.accuracy(try ModelEvaluation.outputs(simulated, samples: digits.samples), labels: digits.labels)
                }
                let size = try ModelFile.serialize(ours).count, theirSize = try SharedModels.theirSize(name, mode)
                print(String(format: "TABLE | %@ | %@ | %d | %d | %.3f | %.8f | %.8f |", name, mode.rawValue, theirSize, size,
                             Double(size) / Double(theirSize), try score(theirs), try score(ours)))
            }
        }
    }
}
