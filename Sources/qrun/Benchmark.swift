import QuantRT
import QuantRTCore
import QuantRTVulkan

/// Benchmark mode: prepares each delegate configuration, runs them interleaved so machine
/// noise hits all alike, and collects statistics, output agreement and per-node profiles.
enum Benchmark {
    /// One delegate configuration under measurement.
    private final class Candidate {
        let name: String
        let interpreter: Interpreter
        let runner: SignatureRunner
        let initSeconds: Double
        var firstRunSeconds = 0.0
        var times: [Double] = []
        var outputs: [[Float]] = []

        init(name: String, interpreter: Interpreter, runner: SignatureRunner, initSeconds: Double) {
            self.name = name
            self.interpreter = interpreter
            self.runner = runner
            self.initSeconds = initSeconds
        }
    }

    static let defaultRuns = 50

    static func run(model: Model, modelPath: String, format: String, loadSeconds: Double, delegateNames: [String],
                    threads: Int, signature: String?, inputs: [HostTensor], options: BenchmarkOptions,
                    gpu: VulkanOptions = VulkanOptions()) throws -> BenchmarkResult {
        var candidates: [Candidate] = []
        for name in delegateNames {
            let start = monotonicSeconds()
            let interpreter = try Interpreter(model: model, delegates: try DelegateChoice.make(name, threads: threads, gpu: gpu))
            let runner = try interpreter.runner(signature: signature)
            try runner.setInputs(inputs)
            candidates.append(Candidate(name: name, interpreter: interpreter, runner: runner, initSeconds: monotonicSeconds() - start))
        }
        for candidate in candidates {
            let start = monotonicSeconds()
            try candidate.runner.invoke()
            candidate.firstRunSeconds = monotonicSeconds() - start
            candidate.outputs = try candidate.runner.signature.outputs.indices.map { try candidate.runner.output($0).floatValues() }
        }
        for _ in 0..<options.warmup { for candidate in candidates { try candidate.runner.invoke() } }

        let targetRuns = options.runs ?? (options.minSeconds == nil ? defaultRuns : 1)
        let started = monotonicSeconds()
        var round = 0
        var progress = ProgressLine()
        BenchmarkInterrupt.install()
        while !BenchmarkInterrupt.requested
            && (round < targetRuns || (options.minSeconds.map { monotonicSeconds() - started < $0 } ?? false)) {
            for candidate in candidates {
                let start = monotonicSeconds()
                try candidate.runner.invoke()
                candidate.times.append(monotonicSeconds() - start)
            }
            round += 1
            progress.update("timed round \(round)\(options.runs != nil || options.minSeconds == nil ? "/\(targetRuns)" : "")", now: monotonicSeconds())
        }
        progress.finish()
        let interrupted = BenchmarkInterrupt.requested

        let baseline = candidates[0]
        var results: [BenchmarkResult.DelegateResult] = []
        for (index, candidate) in candidates.enumerated() {
            let runner = candidate.runner
            var result = BenchmarkResult.DelegateResult(
                name: candidate.name, initMs: candidate.initSeconds * 1000, firstRunMs: candidate.firstRunSeconds * 1000,
                arenaBytes: runner.memoryPlan.arenaSize, unsharedBytes: runner.memoryPlan.unsharedSize, preparedBytes: runner.preparedBytes,
                partitions: runner.partitionPlan.partitions.map { .init(delegate: $0.delegateName, nodes: $0.nodes.count) },
                latency: BenchmarkStatistics(seconds: candidate.times),
                agreement: index == 0 ? nil : OutputAgreement(baseline.outputs, candidate.outputs))
            if options.profile && !interrupted {
                try profile(runner, runs: min(max(targetRuns, 5), 20), into: &result)
            }
            results.append(result)
        }
        let comparison = results.dropFirst().map { r in
            BenchmarkResult.Comparison(delegate: r.name, baseline: results[0].name,
                                       speedup: r.latency.medianMs > 0 ? results[0].latency.medianMs / r.latency.medianMs : 0)
        }
        return BenchmarkResult(model: modelPath, format: format, signature: baseline.runner.signature.name, threads: threads,
                               loadMs: loadSeconds * 1000, peakResidentBytes: Report.peakResidentBytes(),
                               delegates: results, comparison: comparison, interrupted: interrupted)
    }

    /// Median time per node over `runs` profiled runs, sorted slowest first, with totals per op type.
    private static func profile(_ runner: SignatureRunner, runs: Int, into result: inout BenchmarkResult.DelegateResult) throws {
        var samples: [String: [Double]] = [:]
        var order: [(partition: Int, node: Int?)] = []
        for _ in 0..<runs {
            for timing in try runner.invokeProfiled() {
                let key = "\(timing.partition):\(timing.node ?? -1)"
                if samples[key] == nil { order.append((timing.partition, timing.node)) }
                samples[key, default: []].append(timing.seconds)
            }
        }
        let graph = runner.graph
        let partitions = runner.partitionPlan.partitions
        var entries: [BenchmarkResult.NodeProfile] = order.map { entry in
            let times = samples["\(entry.partition):\(entry.node ?? -1)"]!.sorted()
            let ms = times[times.count / 2] * 1000
            let delegate = partitions[entry.partition].delegateName
            guard let node = entry.node else {
                return .init(node: -1, op: "partition \(entry.partition)", delegate: delegate, inputShapes: [], outputShapes: [], ms: ms, percent: 0)
            }
            let n = graph.nodes[node]
            return .init(node: node, op: n.op.kind.rawValue, delegate: delegate,
                         inputShapes: n.inputs.filter { $0 != Node.absent }.map { graph.tensors[$0].shape.dims },
                         outputShapes: n.outputs.map { graph.tensors[$0].shape.dims }, ms: ms, percent: 0)
        }
        let total = entries.reduce(0) { $0 + $1.ms }
        for i in entries.indices { entries[i].percent = total > 0 ? entries[i].ms / total * 100 : 0 }
        entries.sort { $0.ms > $1.ms }
        var byOp: [String: (count: Int, ms: Double)] = [:]
        for e in entries { byOp[e.op, default: (0, 0)].count += 1; byOp[e.op]!.ms += e.ms }
        result.profile = entries
        result.profileByOp = byOp.map { .init(op: $0.key, count: $0.value.count, ms: $0.value.ms, percent: total > 0 ? $0.value.ms / total * 100 : 0) }
            .sorted { $0.ms > $1.ms }
        result.profileTotalMs = total
    }
}
