import QuantRT
import QuantRTCPU
import QuantRTConvert
import QuantRTCore
import QuantRTFormat
import TestSupport
import XCTest

/// Runs models over reference inputs and scores them: accuracy, or mean cosine to reference outputs.
enum ModelEvaluation {
    /// The first output of `model` for each sample, as floats. Float samples given to an integer
    /// input are quantized with its parameters; integer outputs are dequantized. An unsupported
    /// quantized kernel makes the test skip, naming the op.
    static func outputs(_ model: Model, samples: [HostTensor], threads: Int = 2) throws -> [[Float]] {
        do {
            let runner = try Interpreter(model: model, delegates: [CPUInt8Delegate(threads: threads), CPUDelegate(threads: threads)]).runner()
            let input = runner.inputs[0].tensor
            return try samples.map { sample in
                let value = input.dtype == .float32 ? sample : sample.quantized(to: input.dtype, with: input.quantization!)!
                let output = try runner.run([value])[0]
                let descriptor = runner.outputs[0].tensor
                return descriptor.quantization.map { output.dequantized(with: $0).values(as: Float.self) } ?? output.floatValues()
            }
        } catch let error where "\(error)".contains("not implemented") || "\(error)".contains("no kernel") || "\(error)".contains("not supported") {
            throw XCTSkip("the integer kernels this model needs are not on this branch yet: \(error)")
        }
    }

    /// The samples of a stacked `.npy` file, each with the model input's shape `shape`.
    static func samples(_ path: String, count: Int? = nil, shape: Shape) throws -> [HostTensor] {
        let stacked = try NPY.read(contentsOf: SharedData.resolve(path))
        let size = shape.elementCount * 4
        let n = Swift.min(count ?? stacked.shape[0], stacked.shape[0])
        return (0..<n).map { HostTensor(dtype: .float32, shape: shape, bytes: Array(stacked.bytes[($0 * size)..<(($0 + 1) * size)])) }
    }

    /// Fraction of samples whose arg-max is the label.
    static func accuracy(_ outputs: [[Float]], labels: [Float]) -> Double {
        let hits = zip(outputs, labels).filter { output, label in output.indices.max { output[$0] < output[$1] }! == Int(label) }.count
        return Double(hits) / Double(outputs.count)
    }

    /// Mean cosine similarity between corresponding outputs.
    static func meanCosine(_ outputs: [[Float]], _ references: [[Float]]) -> Double {
        let cosines = zip(outputs, references).map { a, b -> Double in
            var dot = 0.0, na = 0.0, nb = 0.0
            for (x, y) in zip(a, b) { dot += Double(x) * Double(y); na += Double(x) * Double(x); nb += Double(y) * Double(y) }
            return dot / (na.squareRoot() * nb.squareRoot() + 1e-30)
        }
        return cosines.reduce(0, +) / Double(cosines.count)
    }

    /// digits_cnn's test set: samples and labels.
    static func digitsTestSet() throws -> (samples: [HostTensor], labels: [Float]) {
        let refs = try SharedModels.root() + "/refdata/digits_cnn/"
        return (try samples(refs + "test_x.npy", shape: [1, 8, 8, 1]), try NPY.read(contentsOf: refs + "test_y.npy").floatValues())
    }

    /// `name`'s refdata inputs and the float model's outputs for them.
    static func referencePairs(_ name: String, count: Int) throws -> (samples: [HostTensor], outputs: [[Float]]) {
        let refs = try SharedModels.root() + "/refdata/\(name)/"
        var samples: [HostTensor] = [], outputs: [[Float]] = []
        for n in 0..<count {
            let nn = n < 10 ? "0\(n)" : "\(n)"
            samples.append(try NPY.read(contentsOf: SharedData.resolve(refs + "input_\(nn).npy")))
            outputs.append(try NPY.read(contentsOf: SharedData.resolve(refs + "fp32_output_\(nn).npy")).floatValues())
        }
        return (samples, outputs)
    }
}
