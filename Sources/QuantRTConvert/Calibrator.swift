import QuantRT
import QuantRTCPU
import QuantRTCore

/// Runs the float model over the representative dataset and records the range of every float
/// activation. It derives, per signature, a model whose outputs are all the signature graph's
/// float activations, so the ordinary interpreter and the fast float CPU kernels compute everything.
public enum Calibrator {
    /// Calibrates `model` (a float model) with `dataset`.
    public static func calibrate(_ model: Model, dataset: CalibrationDataset, method: CalibrationMethod, threads: Int = 1,
                                 progress: ((CalibrationProgress) -> Void)? = nil) throws -> CalibrationResult {
        let start = monotonicSeconds()
        var statistics: [Int: [Int: TensorStatistics]] = [:]
        let total = dataset.sampleCount
        var done = 0
        for signature in model.signatures {
            guard let samples = dataset.samples[signature.name], !samples.isEmpty else { continue }
            let (probe, measured) = probeModel(model, signature: signature)
            let runner = try Interpreter(model: probe, delegates: [CPUDelegate(threads: threads)]).runner(signature: signature.name)
            var graphStatistics = statistics[signature.graphIndex] ?? [:]
            for tensor in measured where graphStatistics[tensor] == nil {
                graphStatistics[tensor] = TensorStatistics(histogram: method.needsHistogram)
            }
            for sample in samples {
                try runner.setInputs(sample)
                try runner.invoke()
                for (position, tensor) in measured.enumerated() {
                    let output = try runner.output(position)
                    output.bytes.withUnsafeBytes { raw in graphStatistics[tensor]!.add(raw.bindMemory(to: Float.self)) }
                }
                done += 1
                progress?(CalibrationProgress(done: done, total: total, seconds: monotonicSeconds() - start))
            }
            statistics[signature.graphIndex] = graphStatistics
        }
        let ranges = statistics.mapValues { graph in graph.mapValues { $0.range(method) } }
        return CalibrationResult(ranges: ranges, samples: done, seconds: monotonicSeconds() - start, method: method)
    }

    /// A one-signature model running `signature`'s graph whose outputs are all its float activations.
    static func probeModel(_ model: Model, signature: Signature) -> (Model, measured: [Int]) {
        var graph = model.graphs[signature.graphIndex]
        let producers = graph.producers()
        let measured = graph.tensors.indices.filter { index in
            graph.tensors[index].isFloatActivation && (producers[index] != nil || graph.inputs.contains(index))
        }
        graph.outputs = measured
        let probe = Signature(name: signature.name, graphIndex: 0, inputs: signature.inputs,
                              outputs: measured.map { Signature.Binding(name: "tensor_\($0)", tensor: $0) })
        return (Model(graphs: [graph], signatures: [probe]), measured)
    }
}
