import QuantRTConvert
import QuantRTCore
import QuantRTFormat
import TestSupport
import XCTest

/// The converter-zoo models of ../shared, converted by us and by the TFLite converter.
enum SharedModels {
    /// `../shared`, or a skip when it is absent.
    static func root() throws -> String {
        guard let root = SharedData.root else { throw XCTSkip(SharedData.absentMessage) }
        return root
    }

    /// The TFLite converter's file name for our mode.
    static func variant(_ mode: ConversionMode) -> String {
        switch mode {
        case .float32: "fp32"
        case .int8: "int8_fallback"
        case .int8Only: "int8_only"
        default: mode.rawValue
        }
    }

    /// The calibration set the TFLite converter used for `name`, or a skip when it is not available.
    static func calibration(_ name: String) throws -> [CalibrationSource] {
        let root = try root()
        switch name {
        case "mobilenet_v2":
            let path = ProcessInfo.processInfo.environment["QUANTRT_MOBILENET_CALIBRATION"] ?? "/tmp/quantrt-calibration/mobilenet_v2_calib.npy"
            guard SharedData.exists(path) else {
                throw XCTSkip("\(path) is absent: write it with `python ../shared/anchors/make_calibration.py /tmp/quantrt-calibration` (or set QUANTRT_MOBILENET_CALIBRATION)")
            }
            return [CalibrationSource(path: path)]
        case "two_signatures":
            let refs = root + "/refdata/two_signatures/"
            return [("encode", "image"), ("encode", "bias"), ("decode", "code"), ("decode", "hint")].map {
                CalibrationSource(signature: $0.0, input: $0.1, path: refs + "calib_\($0.0)_\($0.1).npy")
            }
        default:
            return [CalibrationSource(path: root + "/refdata/\(name)/calib_x.npy")]
        }
    }

    /// Our conversion of `name`'s fp32 model.
    static func ours(_ name: String, _ mode: ConversionMode, method: CalibrationMethod = .minmax,
                     leastSquaresWeights: Bool = ProcessInfo.processInfo.environment["QUANTRT_LSQ_WEIGHTS"] != nil) throws -> Model {
        let (model, _) = try ModelLoader.load(contentsOf: try root() + "/models/\(name)/fp32.tflite")
        let dataset = mode.needsCalibration ? try CalibrationDataset.load(try calibration(name), for: model) : nil
        return try Converter.convert(model, options: ConversionOptions(mode: mode, calibrationMethod: method, threads: 2, leastSquaresWeights: leastSquaresWeights), calibration: dataset).model
    }

    /// The TFLite converter's model for `mode`.
    static func theirs(_ name: String, _ mode: ConversionMode) throws -> Model {
        try ModelLoader.load(contentsOf: try root() + "/models/\(name)/\(variant(mode)).tflite").model
    }

    /// The size of the TFLite converter's file.
    static func theirSize(_ name: String, _ mode: ConversionMode) throws -> Int {
        try FileManager.default.attributesOfItem(atPath: try root() + "/models/\(name)/\(variant(mode)).tflite")[.size] as! Int
    }
}
