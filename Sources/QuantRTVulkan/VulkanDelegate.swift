import QuantRT
import QuantRTCPU
import QuantRTCore

/// The `gpu` delegate: float32 graphs (and float16-weight graphs) on a Vulkan compute device,
/// with tensors in float16 where the device allows it.
///
/// Creating it never fails: with no Vulkan loader, no driver, no device, or a failure creating
/// the device, it is *unavailable* (``unavailableReason`` says why) and refuses every node, so
/// the interpreter runs the model on the CPU instead.
///
/// ```swift
/// let gpu = VulkanDelegate()
/// let delegates: [any Delegate] = gpu.isAvailable ? [gpu, CPUDelegate()] : [CPUDelegate()]
/// ```
public final class VulkanDelegate: Delegate {
    /// `gpu`.
    public let name = "gpu"
    /// Tensors inside a partition live in device memory; only its boundaries are staged.
    public var memory: DelegateMemory { .device }
    /// The options it was created with.
    public let options: VulkanOptions
    /// Why the delegate cannot run anything, or `nil` when it can.
    public let unavailableReason: String?
    /// Reports of the partitions prepared so far, in order.
    public private(set) var partitionReports: [GPUPartitionReport] = []
    private let context: VulkanContext?
    /// The claim decisions for the last graph asked about (support is asked node by node).
    private var decisions: (fingerprint: Int, refusals: [String?])?

    /// Opens the Vulkan device (see ``VulkanOptions`` for the choice of device and precision).
    public init(options: VulkanOptions = VulkanOptions()) {
        self.options = options
        do {
            context = try VulkanContext(options: options)
            unavailableReason = nil
        } catch {
            context = nil
            unavailableReason = "\(error)"
        }
    }

    /// Whether a device is open.
    public var isAvailable: Bool { context != nil }
    /// The device chosen, when available.
    public var deviceInfo: VulkanDeviceInfo? { context?.info }
    /// The precision in use, when available.
    public var precision: GPUPrecision? { context?.precision }
    /// Seconds spent opening the loader and creating the device.
    public var deviceSeconds: Double { context?.deviceSeconds ?? 0 }
    /// Bytes of pipeline cache found on disk when the device was opened (0: a cold start).
    public var loadedPipelineCacheBytes: Int { context?.pipelines.loadedCacheBytes ?? 0 }

    /// One line: device, driver, precision, software or not — or why it is unavailable.
    public var summary: String {
        guard let context else { return "gpu unavailable: \(unavailableReason ?? "unknown")" }
        let requested = options.precision.map { $0 == context.precision ? "" : " (\($0) requested, not supported)" } ?? ""
        return "gpu: \(context.info.name) [\(context.info.index)], \(context.info.kind)\(context.info.isSoftware ? " (software device)" : ""), driver \(context.info.driver), precision \(context.precision)\(requested)"
    }

    public func support(for node: Int, in graph: Graph) -> NodeSupport {
        guard context != nil else { return .unsupported("GPU unavailable: \(unavailableReason ?? "unknown")") }
        var hasher = Hasher()
        hasher.combine(graph.nodes)
        hasher.combine(graph.tensors.count)
        hasher.combine(graph.outputs)
        let fingerprint = hasher.finalize()
        if decisions?.fingerprint != fingerprint {
            let constantDerived = graph.nodes.indices.map { index in
                let inputs = graph.nodes[index].inputs.filter { $0 != Node.absent }
                return !inputs.isEmpty && inputs.allSatisfy { Self.isConstantDerived($0, in: graph) }
            }
            let capable = graph.nodes.indices.map { capability(of: $0, in: graph, constantDerived: constantDerived[$0]) }
            decisions = (fingerprint, IslandCostModel(graph: graph, capable: capable, constantDerived: constantDerived).refusals)
        }
        return decisions!.refusals[node].map { .unsupported($0) } ?? .supported
    }

    /// Whether the shaders can run the node at all (`nil`), else why not.
    private func capability(of node: Int, in graph: Graph, constantDerived: Bool) -> String? {
        let item = graph.nodes[node]
        if constantDerived {
            // Folded once at prepare (DEQUANTIZE of float16 weights is absorbed as is).
            guard let factory = ReferenceKernels.factories[item.op.kind] else { return "cannot fold \(item.op.kind) at prepare" }
            if case .dequantize = item.op { return nil }
            if item.inputs.allSatisfy({ $0 == Node.absent || graph.tensors[$0].isConstant }) {
                do { _ = try factory(item, graph) } catch { return "cannot fold at prepare: \(error)" }
            }
            return nil
        }
        do {
            _ = try GPUOpEncoder.plan(item, in: graph)
            return nil
        } catch {
            return "\(error)"
        }
    }

    public func prepare(_ partition: Partition, in graph: Graph) throws -> any PartitionExecutable {
        guard let context else { throw VulkanError("GPU unavailable: \(unavailableReason ?? "unknown")") }
        let executable = try VulkanPartitionExecutable(partition: partition, graph: graph, context: context, options: options)
        partitionReports.append(executable.report)
        return executable
    }

    /// Whether `tensor` is a constant or computed from constants alone by DEQUANTIZE / DENSIFY chains.
    static func isConstantDerived(_ tensor: Int, in graph: Graph, depth: Int = 0) -> Bool {
        if graph.tensors[tensor].isConstant { return true }
        guard depth < 4, let producer = graph.nodes.firstIndex(where: { $0.outputs.contains(tensor) }) else { return false }
        let node = graph.nodes[producer]
        switch node.op {
        case .dequantize, .densify:
            return node.inputs.allSatisfy { $0 == Node.absent || isConstantDerived($0, in: graph, depth: depth + 1) }
        default:
            return false
        }
    }
}

extension VulkanDelegate {
    /// SHA-256 of `Shaders/common.glsl` + each shader's source when the embedded SPIR-V was
    /// generated (scripts/compile_shaders.sh); a test compares them with `Shaders/`.
    public static var shaderSourceHashes: [String: String] { ShaderBinaries.sourceHashes }
}
