import ArgumentParser
import Foundation
import QuantRTConvert
import QuantRTCore
import QuantRTFormat

/// `qconvert`: turns a model into QuantRT's own model file, optionally quantizing it.
@main
struct QConvert: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "qconvert",
        abstract: "Convert a .tflite (or QuantRT .bin) model into a QuantRT .bin model file, optionally quantized.",
        discussion: """
            Without --mode the model is kept as it is: same graph, same constants, our format.
            Modes (the TFLite post-training formats): float32, dynamic, int8 (float fallback, float I/O),
            int8-only (integer I/O), fp16, int16x8. int8, int8-only and int16x8 need --calibration.
            --calibration FILE.npy (samples stacked on axis 0) or DIRECTORY (one .npy per sample);
            with several inputs or signatures: --calibration SIGNATURE:INPUT=FILE.npy, once per input.
            """)

    @Argument(help: "The input model: a float32 or float16-weight .tflite, or a QuantRT .bin file.")
    var input: String

    @Option(name: .shortAndLong, help: "The output .bin file (written atomically: nothing is written on error).")
    var output: String

    @Option(help: "float32, dynamic, int8, int8-only, fp16 or int16x8.")
    var mode: String?

    @Option(help: "Representative data: FILE.npy, DIRECTORY, INPUT=FILE or SIGNATURE:INPUT=FILE (repeatable).")
    var calibration: [String] = []

    @Option(name: .customLong("calibration-method"), help: "minmax (default, as TFLite) or percentile[:P] (P defaults to 99.99).")
    var calibrationMethod = "minmax"

    @Option(name: .customLong("io-type"), help: "int8-only: int8 (default) or uint8 inputs and outputs.")
    var ioType = "int8"

    @Flag(name: .customLong("allow-float-fallback"), help: "int16x8: keep ops without a 16x8 kernel in float instead of failing.")
    var allowFloatFallback = false

    @Option(name: .customLong("weight-scaling"), help: "Per-channel weight scales: max (max|w|/127, as TFLite), mse (least squared error), mse-fc or mse-conv (least squares for those ops only). Default: mse-fc for int8 and int8-only, mse-conv for int16x8, max for dynamic.")
    var weightScaling: String?

    @Option(help: "Threads for the calibration runs.")
    var threads = 1

    func run() throws {
        do {
            if let mode { try convert(modeName: mode) } else { try passThrough() }
        } catch let exit as ExitCode {
            throw exit
        } catch {
            FileHandle.standardError.write(Data("qconvert: error: \(error)\n".utf8))
            throw ExitCode.failure
        }
    }

    private func passThrough() throws {
        let start = Date()
        let (model, format) = try ModelLoader.load(contentsOf: input)
        try ModelFile.write(model, to: output)
        print(PassThroughReport.text(model: model, inputFormat: format, input: input, inputSize: fileSize(input),
                                     output: output, outputSize: fileSize(output), seconds: Date().timeIntervalSince(start)))
    }

    private func convert(modeName: String) throws {
        guard let mode = ConversionMode(rawValue: modeName) else {
            throw ValidationError("unknown mode '\(modeName)' (modes: \(ConversionMode.allCases.map(\.rawValue).joined(separator: ", ")))")
        }
        guard let method = CalibrationMethod(argument: calibrationMethod) else {
            throw ValidationError("unknown calibration method '\(calibrationMethod)' (minmax, percentile or percentile:P with 50 < P ≤ 100)")
        }
        guard let io = IntegerIOType(rawValue: ioType) else { throw ValidationError("unknown --io-type '\(ioType)' (int8 or uint8)") }
        let scaling = try weightScaling.map { name in
            guard let scaling = WeightScaling(rawValue: name) else { throw ValidationError("unknown --weight-scaling '\(name)' (max, mse, mse-fc or mse-conv)") }
            return scaling
        }
        if !calibration.isEmpty, !mode.needsCalibration {
            throw ValidationError("mode \(mode) uses no calibration data; drop --calibration")
        }
        let (model, _) = try ModelLoader.load(contentsOf: input)
        let dataset = try CalibrationDataset.load(calibration.map(CalibrationSource.init(argument:)), for: model)
        let options = ConversionOptions(mode: mode, ioType: io, allowFloatFallback: allowFloatFallback, calibrationMethod: method, threads: threads, weightScaling: scaling)
        var progress = CalibrationProgressLine()
        let result = try Converter.convert(model, options: options, calibration: dataset) { progress.update($0) }
        progress.finish()
        try ModelFile.write(result.model, to: output)
        print(ConversionReport.text(source: model, result: result, mode: mode, input: input, inputSize: fileSize(input),
                                    output: output, outputSize: fileSize(output)))
    }

    private func fileSize(_ path: String) -> Int {
        (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
    }
}
