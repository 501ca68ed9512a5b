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
                     weightScaling: WeightScaling? = nil) throws -> Model {
        let weightScaling = weightScaling ?? ProcessInfo.processInfo.environment["QUANTRT_WEIGHT_SCALING"].flatMap(WeightScaling.init(rawValue:))
        let method = ProcessInfo.processInfo.environment["QUANTRT_METHOD"].flatMap(CalibrationMethod.init(argument:)) ?? method
        let headroom = Float(ProcessInfo.processInfo.environment["QUANTRT_INT16_HEADROOM"] ?? "") ?? 2
        let key = "\(name)|\(mode)|\(method)|\(String(describing: weightScaling))|\(headroom)|\(ProcessInfo.processInfo.environment["QUANTRT_SUBMUL"] != nil)"
        if let cached = cache.model(key) { return cached }
        let (model, _) = try ModelLoader.load(contentsOf: try root() + "/models/\(name)/fp32.tflite")
        let dataset = mode.needsCalibration ? try CalibrationDataset.load(try calibration(name), for: model) : nil
        let converted = try Converter.convert(model, options: ConversionOptions(mode: mode, calibrationMethod: method, threads: 2, weightScaling: weightScaling, int16Headroom: headroom, squaredDifferenceAsSubMul: ProcessInfo.processInfo.environment["QUANTRT_SUBMUL"] != nil), calibration: dataset).model
        cache.store(converted, key)
        return converted
    }

    /// Conversions done once per test run (mobilenet_v2's takes seconds).
    private static let cache = ConvertedModels()

    /// The TFLite converter's model for `mode`.
    static func theirs(_ name: String, _ mode: ConversionMode) throws -> Model {
        try ModelLoader.load(contentsOf: try root() + "/models/\(name)/\(variant(mode)).tflite").model
    }

    /// The size of the TFLite converter's file.
    static func theirSize(_ name: String, _ mode: ConversionMode) throws -> Int {
        try FileManager.default.attributesOfItem(atPath: try root() + "/models/\(name)/\(variant(mode)).tflite")[.size] as! Int
    }
}

/// A lock-protected store of converted models, shared by the tests of one run.
final class ConvertedModels: @unchecked Sendable {
    private let lock = NSLock()
    private var models: [String: Model] = [:]

    func model(_ key: String) -> Model? { lock.withLock { models[key] } }
    func store(_ model: Model, _ key: String) { lock.withLock { models[key] = model } }
}
