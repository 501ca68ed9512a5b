import QuantRT
import QuantRTCore

/// What a conversion produced.
public struct ConversionResult: Sendable {
    /// The converted model.
    public var model: Model
    /// Nodes kept in float, and why.
    public var floatFallbacks: [FloatFallback]
    /// The calibration run, for modes that need one.
    public var calibration: CalibrationResult?
    /// Seconds the whole conversion took (calibration included).
    public var seconds: Double
    /// The options the model was converted with.
    public var options: ConversionOptions
}

/// Converts a float model to one of the post-training formats (``ConversionMode``).
public enum Converter {
    /// Converts `model`. Full-integer modes need `calibration`; `progress` hears of every calibration sample.
    public static func convert(_ model: Model, options: ConversionOptions, calibration: CalibrationDataset? = nil,
                               progress: ((CalibrationProgress) -> Void)? = nil) throws -> ConversionResult {
        let start = monotonicSeconds()
        var float = try FloatModelPreparation.prepare(model)
        if options.mode == .int16x8, options.squaredDifferenceAsSubMul { float.graphs = float.graphs.map(SquaredDifferenceDecomposition.run) }
        var converted = float
        var fallbacks: [FloatFallback] = []
        var calibrationResult: CalibrationResult?
        switch options.mode {
        case .float32:
            break
        case .fp16:
            converted.graphs = float.graphs.map(Float16Pass.run)
        case .dynamic:
            converted.graphs = float.graphs.map { DynamicRangePass.run($0, weightScaling: options.effectiveWeightScaling) }
        case .int8, .int8Only, .int16x8:
            let scheme = IntegerScheme(options)!
            guard let calibration, calibration.sampleCount > 0 else {
                throw ConversionError.missingCalibration("mode \(options.mode) needs a representative dataset: --calibration FILE.npy (samples stacked on axis 0) or a directory of .npy files")
            }
            try checkCoverage(float, calibration)
            let result = try Calibrator.calibrate(float, dataset: calibration, method: options.calibrationMethod, threads: options.threads, progress: progress)
            calibrationResult = result
            for (graphIndex, graph) in float.graphs.enumerated() {
                let signatures = float.signatures.filter { $0.graphIndex == graphIndex }
                guard !signatures.isEmpty else { continue }
                var pass = IntegerQuantizationPass(scheme: scheme, graph: graph, graphIndex: graphIndex, ranges: result.ranges[graphIndex] ?? [:],
                                                   boundInputs: Set(signatures.flatMap { $0.inputs.map(\.tensor) }),
                                                   boundOutputs: Set(signatures.flatMap { $0.outputs.map(\.tensor) }))
                let (quantized, graphFallbacks) = try pass.run()
                converted.graphs[graphIndex] = quantized
                fallbacks += graphFallbacks
            }
        }
        converted = GraphCompaction.compact(converted)
        try converted.validate()
        return ConversionResult(model: converted, floatFallbacks: fallbacks, calibration: calibrationResult, seconds: monotonicSeconds() - start, options: options)
    }

    /// Every graph a signature runs must be calibrated by at least one of its signatures.
    private static func checkCoverage(_ model: Model, _ calibration: CalibrationDataset) throws {
        let calibratedGraphs = Set(model.signatures.filter { !(calibration.samples[$0.name] ?? []).isEmpty }.map(\.graphIndex))
        let missing = model.signatures.filter { !calibratedGraphs.contains($0.graphIndex) }
        guard missing.isEmpty else {
            let list = missing.map { "'\($0.name)' (inputs: \($0.inputs.map(\.name).joined(separator: ", ")))" }.joined(separator: "; ")
            throw ConversionError.missingCalibration("no calibration data for signature \(list): give --calibration SIGNATURE:INPUT=FILE.npy for each input")
        }
    }
}
