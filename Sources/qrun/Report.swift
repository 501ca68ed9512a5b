import Foundation
import QuantRT
import QuantRTCore
import QuantRTFormat
import QuantRTVulkan

/// The text qrun prints.
enum Report {
    static func signatures(of model: Model) -> String {
        var lines: [String] = []
        for signature in model.signatures {
            let graph = model.graphs[signature.graphIndex]
            lines.append("signature '\(signature.name)' (graph \(signature.graphIndex), \(graph.nodes.count) nodes)")
            for (kind, bindings) in [("input", signature.inputs), ("output", signature.outputs)] {
                for (position, binding) in bindings.enumerated() {
                    let t = graph.tensors[binding.tensor]
                    let q = t.quantization.map { ", \($0)" } ?? ""
                    lines.append("  \(kind) \(position): \(binding.name)  \(t.dtype)\(t.shape)\(q)  (tensor \(binding.tensor))")
                }
            }
        }
        return lines.joined(separator: "\n")
    }

    /// The GPU device line and the GPU part of init: device, pipelines, uploads.
    static func gpu(_ delegate: VulkanDelegate) -> String {
        let reports = delegate.partitionReports
        let pipelines = reports.reduce(0) { $0 + $1.pipelineSeconds } * 1000, uploads = reports.reduce(0) { $0 + $1.uploadSeconds } * 1000
        let weights = reports.reduce(0) { $0 + $1.weightBytes }, arena = reports.reduce(0) { $0 + $1.arenaBytes }
        let dispatches = reports.reduce(0) { $0 + $1.dispatches }, barriers = reports.reduce(0) { $0 + $1.barriers }
        let cache = delegate.loadedPipelineCacheBytes > 0 ? "pipeline cache \(delegate.loadedPipelineCacheBytes) bytes loaded" : "no pipeline cache on disk"
        return delegate.summary + "\n" + String(format: "gpu init: device %.1f ms, pipelines %.1f ms (%@), uploads %.1f ms; %d partition(s), %d dispatches, %d barriers, weights %d KiB, activations %d KiB",
                                                  delegate.deviceSeconds * 1000, pipelines, cache, uploads, reports.count, dispatches, barriers, weights / 1024, arena / 1024)
    }

    static func partitions(of runner: SignatureRunner) -> String {
        let graph = runner.graph
        var lines = ["partitions of signature '\(runner.signature.name)':"]
        for (index, partition) in runner.partitionPlan.partitions.enumerated() {
            var counts: [OpKind: Int] = [:]
            for node in partition.nodes { counts[graph.nodes[node].op.kind, default: 0] += 1 }
            let ops = counts.sorted { ($0.value, $1.key.rawValue) > ($1.value, $0.key.rawValue) }.map { "\($0.key) ×\($0.value)" }
            lines.append("  partition \(index): \(partition.delegateName), \(partition.nodes.count) nodes (\(ops.joined(separator: ", "))); "
                + "\(partition.inputs.count) input(s), \(partition.outputs.count) output(s)")
        }
        lines.append("  node  op                        delegate    refused by")
        for assignment in runner.partitionPlan.assignments {
            let op = graph.nodes[assignment.node].op.kind.rawValue
            let refused = assignment.refusals.map { "\($0.delegate): \($0.reason)" }.joined(separator: "; ")
            lines.append("  " + pad(String(assignment.node), 6) + pad(op, 26) + pad(assignment.delegateName, 12) + refused)
        }
        return lines.joined(separator: "\n")
    }

    static func summary(model: String, format: ModelLoader.Format, runner: SignatureRunner, notes: [String],
                        outputs: [HostTensor], written: [String], initSeconds: Double, runSeconds: [Double]) -> String {
        var lines: [String] = []
        let partitions = runner.partitionPlan.partitions
        var perDelegate: [String: Int] = [:]
        for p in partitions { perDelegate[p.delegateName, default: 0] += p.nodes.count }
        lines.append("model: \(model) (\(format.rawValue)), signature '\(runner.signature.name)'")
        lines.append("partitions: \(partitions.count) (" + perDelegate.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value) nodes" }.joined(separator: ", ") + ")")
        lines.append("arena: \(bytes(runner.memoryPlan.arenaSize)) (\(bytes(runner.memoryPlan.unsharedSize)) without reuse), peak resident memory: \(bytes(peakResidentBytes()))")
        lines.append(String(format: "init: %.2f ms (load + prepare), run: %.3f ms", initSeconds * 1000, median(runSeconds) * 1000)
            + (runSeconds.count > 1 ? " median of \(runSeconds.count) samples" : ""))
        lines.append(contentsOf: notes.map { "note: \($0)" })
        for (position, value) in outputs.enumerated() {
            let name = runner.signature.outputs[position].name
            let floats = value.floatValues()
            let minimum = floats.min() ?? 0, maximum = floats.max() ?? 0
            let mean = floats.isEmpty ? 0 : floats.reduce(0, +) / Float(floats.count)
            let file = position < written.count ? " -> \(written[position])" : ""
            lines.append("output \(position) '\(name)': \(value.dtype)\(value.shape) min \(minimum) max \(maximum) mean \(mean)\(file)")
        }
        return lines.joined(separator: "\n")
    }

    private static func pad(_ text: String, _ width: Int) -> String {
        text.count >= width ? text + " " : text + String(repeating: " ", count: width - text.count)
    }

    private static func median(_ values: [Double]) -> Double {
        guard !values.isEmpty else { return 0 }
        let sorted = values.sorted()
        return sorted[sorted.count / 2]
    }

    static func bytes(_ count: Int) -> String {
        if count >= 1 << 20 { return String(format: "%.2f MiB", Double(count) / Double(1 << 20)) }
        if count >= 1 << 10 { return String(format: "%.1f KiB", Double(count) / Double(1 << 10)) }
        return "\(count) B"
    }

    /// VmHWM from /proc/self/status (0 where unavailable).
    static func peakResidentBytes() -> Int {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }) else { return 0 }
        let kilobytes = line.split(separator: " ").compactMap { Int($0) }.first ?? 0
        return kilobytes * 1024
    }
}

/// Directory creation for --output-dir.
enum FileSystem {
    static func makeDirectory(_ path: String) throws {
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        } catch {
            throw UsageError("cannot create output directory '\(path)': \(error.localizedDescription)")
        }
    }
}
