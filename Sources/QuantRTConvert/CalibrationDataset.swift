import Foundation
import QuantRTCore
import QuantRTFormat

/// The representative dataset: for each calibrated signature, its samples, each a list of
/// tensors in the signature's input order, checked against the model's inputs.
public struct CalibrationDataset: Sendable {
    /// Samples per signature name.
    public var samples: [String: [[HostTensor]]]

    /// Creates a dataset from samples already in memory.
    public init(samples: [String: [[HostTensor]]]) { self.samples = samples }

    /// The number of samples over all signatures.
    public var sampleCount: Int { samples.values.reduce(0) { $0 + $1.count } }

    /// Loads and checks `sources` against `model`'s signatures. Every problem is a
    /// ``ConversionError/badCalibrationData(file:message:)`` naming the file, the input and what was expected.
    public static func load(_ sources: [CalibrationSource], for model: Model) throws -> CalibrationDataset {
        var perInput: [String: [String: (path: String, samples: [HostTensor])]] = [:]
        for source in sources {
            let (signature, binding) = try resolve(source, in: model)
            let descriptor = model.graphs[signature.graphIndex].tensors[binding.tensor]
            let what = "input '\(binding.name)' of signature '\(signature.name)'"
            guard perInput[signature.name]?[binding.name] == nil else {
                throw ConversionError.badCalibrationData(file: source.path, message: "\(what) already has calibration data from \(perInput[signature.name]![binding.name]!.path)")
            }
            let samples = try CalibrationSampleReader.samples(at: source.path, for: descriptor, what: what)
            perInput[signature.name, default: [:]][binding.name] = (source.path, samples)
        }
        var result: [String: [[HostTensor]]] = [:]
        for (name, inputs) in perInput {
            let signature = model.signature(named: name)!
            var count: Int?
            var columns: [[HostTensor]] = []
            for binding in signature.inputs {
                guard let data = inputs[binding.name] else {
                    let given = inputs.keys.sorted().joined(separator: ", ")
                    throw ConversionError.badCalibrationData(file: inputs.values.first!.path, message:
                        "signature '\(name)' has data for \(given) but none for its input '\(binding.name)' (give --calibration \(name):\(binding.name)=FILE.npy)")
                }
                if let count, count != data.samples.count {
                    throw ConversionError.badCalibrationData(file: data.path, message:
                        "input '\(binding.name)' of signature '\(name)' has \(data.samples.count) samples, the signature's other inputs \(count)")
                }
                count = data.samples.count
                columns.append(data.samples)
            }
            result[name] = (0..<(count ?? 0)).map { sample in columns.map { $0[sample] } }
        }
        return CalibrationDataset(samples: result)
    }

    /// The signature and input a source names; an unknown name is an error listing the known ones.
    private static func resolve(_ source: CalibrationSource, in model: Model) throws -> (Signature, Signature.Binding) {
        let names = model.signatures.map(\.name)
        let signature: Signature
        if let name = source.signature {
            guard let found = model.signature(named: name) else {
                throw ConversionError.badCalibrationData(file: source.path, message: "the model has no signature '\(name)' (signatures: \(names.joined(separator: ", ")))")
            }
            signature = found
        } else {
            guard model.signatures.count == 1 else {
                throw ConversionError.badCalibrationData(file: source.path, message:
                    "the model has \(names.count) signatures (\(names.joined(separator: ", "))): name one, as --calibration SIGNATURE:INPUT=FILE")
            }
            signature = model.signatures[0]
        }
        let inputs = signature.inputs.map(\.name)
        if let name = source.input {
            guard let binding = signature.inputs.first(where: { $0.name == name }) else {
                throw ConversionError.badCalibrationData(file: source.path, message:
                    "signature '\(signature.name)' has no input '\(name)' (inputs: \(inputs.joined(separator: ", ")))")
            }
            return (signature, binding)
        }
        guard signature.inputs.count == 1 else {
            throw ConversionError.badCalibrationData(file: source.path, message:
                "signature '\(signature.name)' has \(inputs.count) inputs (\(inputs.joined(separator: ", "))): name one, as --calibration \(signature.name):INPUT=FILE")
        }
        return (signature, signature.inputs[0])
    }
}
