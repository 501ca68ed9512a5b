import CVulkan
import Foundation
import QuantRT
import QuantRTCore

/// A partition compiled for the GPU: weights uploaded once, activations in a reused arena,
/// one command buffer recorded at prepare and re-submitted by every `run`.
final class VulkanPartitionExecutable: PartitionExecutable {
    private let context: VulkanContext
    private let weights: GPUBuffer
    private let arena: GPUBuffer
    private let stagingIn: GPUBuffer
    private let stagingOut: GPUBuffer
    private let descriptorPool: VkDescriptorPool
    private let commandBuffer: VkCommandBuffer
    private let fence: VkFence
    private let inputs: [(tensor: Int, offset: Int, bytes: Int)]
    private let outputs: [(tensor: Int, offset: Int, bytes: Int)]
    private let preparedStorage: [[Float]]
    /// Every dispatch with its pipeline and memory, to record the profiling variant on demand.
    private let steps: [(dispatch: GPUDispatch, pipeline: VkPipeline, regions: [Int: DevicePlacement.Region])]
    private var profiled: (commandBuffer: VkCommandBuffer, queryPool: VkQueryPool)?
    let preparedTensors: [Int: UnsafeRawPointer]
    let foldedNodes: Set<Int>
    /// What prepare did and how long it took.
    let report: GPUPartitionReport

    init(partition: Partition, graph: Graph, context: VulkanContext, options: VulkanOptions) throws {
        let pipelineStart = context.pipelines.buildSeconds
        self.context = context
        let precision = context.precision
        let elementSize = precision.storesFloat16 ? 2 : 4

        // 1. Fold constants, plan every other node.
        var folder = ConstantFolder(graph: graph)
        var folded = Set<Int>()
        var dispatches: [GPUDispatch] = []
        var aliasOf: [Int: Int] = [:]
        for index in partition.nodes {
            if try folder.foldIfConstant(index) { folded.insert(index); continue }
            let node = graph.nodes[index]
            do {
                switch try GPUOpEncoder.plan(node, in: folder.graph) {
                case .alias(let output, let input): aliasOf[output] = input
                case .dispatches(let list):
                    let float32Math = options.float32Ops.contains(node.op.kind.rawValue)
                    dispatches += list.map { var d = $0; d.float32Math = float32Math; d.node = index; return d }
                }
            } catch {
                throw NodeError(node: index, op: node.op.kind, message: "GPU: \(error)")
            }
        }
        func root(_ tensor: Int) -> Int { aliasOf[tensor].map(root) ?? tensor }

        // 2. Boundaries: float32 staging in and out, converted by the first and last dispatches.
        var placement = DevicePlacement()
        var inputList: [(Int, Int, Int)] = [], outputList: [(Int, Int, Int)] = []
        var prepared: [Int: UnsafeRawPointer] = [:], preparedStorage: [[Float]] = []
        var leading: [GPUDispatch] = [], trailing: [GPUDispatch] = []
        for tensor in partition.inputs {
            let count = graph.tensors[tensor].shape.elementCount
            placement.stagingInOffsets[tensor] = placement.stagingInSize
            inputList.append((tensor, placement.stagingInSize, count * 4))
            leading.append(Self.convert(.stagingIn(tensor), .tensor(tensor), count: count, toDevice: true))
            placement.stagingInSize += DevicePlacement.aligned(count * 4, context.storageAlignment)
        }
        for tensor in partition.outputs {
            if let value = folder.floatBytes(root(tensor)), !graph.tensors[root(tensor)].isConstant || folder.values[root(tensor)] != nil {
                // A constant someone outside reads: hand it over in float32, computed once.
                let floats = (value.dtype == .float16 ? HalfFloat.widen(value.bytes) : value.bytes).withUnsafeBytes { Array($0.bindMemory(to: Float.self)) }
                preparedStorage.append(floats)
                continue
            }
            let count = graph.tensors[tensor].shape.elementCount
            placement.stagingOutOffsets[tensor] = placement.stagingOutSize
            outputList.append((tensor, placement.stagingOutSize, count * 4))
            trailing.append(Self.convert(.stagingOut(tensor), .tensor(tensor), count: count, toDevice: false))
            placement.stagingOutSize += DevicePlacement.aligned(count * 4, context.storageAlignment)
        }
        dispatches = leading + dispatches + trailing

        // 3. Constants go to the weights buffer; activations (by alias root) to the arena.
        var constantBytes: [(offset: Int, bytes: [UInt8])] = []
        var lifetimes: [Int: (first: Int, last: Int)] = [:]
        var sizes: [Int: Int] = [:]
        for (step, dispatch) in dispatches.enumerated() {
            for operand in dispatch.bindings.values {
                guard case .tensor(let tensor) = operand else { continue }
                let base = root(tensor)
                if placement.weightOffsets[base] != nil { continue }
                if let value = folder.floatBytes(base), folder.isConstant(base) {
                    let bytes = precision.storesFloat16
                        ? (value.dtype == .float16 ? value.bytes : HalfFloat.narrow(value.bytes))
                        : (value.dtype == .float32 ? value.bytes : HalfFloat.widen(value.bytes))
                    placement.weightOffsets[base] = placement.weightsSize
                    constantBytes.append((placement.weightsSize, bytes))
                    placement.weightsSize += DevicePlacement.aligned(bytes.count, context.storageAlignment)
                    continue
                }
                guard !folder.isConstant(base) else {
                    throw VulkanError("constant \(graph.tensors[base].summary) of dtype \(graph.tensors[base].dtype) cannot go to the GPU")
                }
                sizes[base] = graph.tensors[base].shape.elementCount * elementSize
                let span = lifetimes[base] ?? (step, step)
                lifetimes[base] = (min(span.first, step), max(span.last, step))
            }
        }
        placement.planArena(sizes: sizes, lifetimes: lifetimes, alignment: context.storageAlignment, tensorCount: graph.tensors.count)

        // 4. Buffers and the one-time upload.
        let uploadStart = Date()
        weights = try GPUBuffer(context, size: placement.weightsSize, placement: .device)
        arena = try GPUBuffer(context, size: placement.arenaSize, placement: .device)
        stagingIn = try GPUBuffer(context, size: placement.stagingInSize, placement: .host)
        stagingOut = try GPUBuffer(context, size: placement.stagingOutSize, placement: .host)
        try Self.upload(constantBytes, to: weights, context: context)
        let uploadSeconds = Date().timeIntervalSince(uploadStart)

        // 5. Descriptor sets and the command buffer.
        var pool: VkDescriptorPool?
        var poolSize = VkDescriptorPoolSize(type: VK_DESCRIPTOR_TYPE_STORAGE_BUFFER, descriptorCount: UInt32(max(dispatches.count, 1) * 2 * VulkanContext.bindingCount))
        var poolInfo = VkDescriptorPoolCreateInfo()
        poolInfo.sType = VK_STRUCTURE_TYPE_DESCRIPTOR_POOL_CREATE_INFO
        poolInfo.maxSets = UInt32(max(dispatches.count, 1) * 2)
        poolInfo.poolSizeCount = 1
        try withUnsafePointer(to: &poolSize) { pointer in
            poolInfo.pPoolSizes = pointer
            try VulkanError.check(context.vk.createDescriptorPool(context.device, &poolInfo, nil, &pool), "vkCreateDescriptorPool")
        }
        descriptorPool = pool!
        var fenceInfo = VkFenceCreateInfo()
        fenceInfo.sType = VK_STRUCTURE_TYPE_FENCE_CREATE_INFO
        var fence: VkFence?
        try VulkanError.check(context.vk.createFence(context.device, &fenceInfo, nil, &fence), "vkCreateFence")
        self.fence = fence!
        let buffersByKind: [DevicePlacement.Region.Buffer: GPUBuffer] = [.weights: weights, .arena: arena, .stagingIn: stagingIn, .stagingOut: stagingOut]
        func region(_ operand: GPUOperand) -> DevicePlacement.Region {
            switch operand {
            case .tensor(let tensor):
                let base = root(tensor)
                if let offset = placement.weightOffsets[base] {
                    return .init(buffer: .weights, offset: offset, size: graph.tensors[base].shape.elementCount * elementSize)
                }
                return .init(buffer: .arena, offset: placement.arenaOffsets[base]!, size: sizes[base]!)
            case .stagingIn(let tensor):
                return .init(buffer: .stagingIn, offset: placement.stagingInOffsets[tensor]!, size: graph.tensors[tensor].shape.elementCount * 4)
            case .stagingOut(let tensor):
                return .init(buffer: .stagingOut, offset: placement.stagingOutOffsets[tensor]!, size: graph.tensors[tensor].shape.elementCount * 4)
            }
        }
        let steps = try dispatches.map { dispatch in
            (dispatch: dispatch,
             pipeline: try context.pipelines.pipeline(dispatch.shader, constants: dispatch.constants, float32Math: dispatch.float32Math),
             regions: dispatch.bindings.mapValues(region))
        }
        let handles = buffersByKind.mapValues(\.buffer)
        let recorder = try CommandRecorder(context: context, pool: descriptorPool, count: steps.count)
        for step in steps { recorder.record(step.dispatch, pipeline: step.pipeline, regions: step.regions) { handles[$0]! } }
        commandBuffer = try recorder.finish()
        self.steps = steps
        context.pipelines.saveCache()

        inputs = inputList.map { (tensor: $0.0, offset: $0.1, bytes: $0.2) }
        outputs = outputList.map { (tensor: $0.0, offset: $0.1, bytes: $0.2) }
        var storageIndex = 0
        for tensor in partition.outputs where !outputList.contains(where: { $0.0 == tensor }) {
            prepared[tensor] = preparedStorage[storageIndex].withUnsafeBytes { UnsafeRawPointer($0.baseAddress!) }
            storageIndex += 1
        }
        self.preparedStorage = preparedStorage
        self.preparedTensors = prepared
        self.foldedNodes = folded
        report = GPUPartitionReport(dispatches: dispatches.count, barriers: recorder.barrierCount, weightBytes: placement.weightsSize,
                                    arenaBytes: placement.arenaSize, unsharedArenaBytes: sizes.values.reduce(0, +),
                                    pipelineSeconds: context.pipelines.buildSeconds - pipelineStart, uploadSeconds: uploadSeconds)
    }

    deinit {
        _ = context.vk.queueWaitIdle(context.queue)
        if let profiled {
            var buffer: VkCommandBuffer? = profiled.commandBuffer
            context.vk.freeCommandBuffers(context.device, context.commandPool, 1, &buffer)
            context.vk.destroyQueryPool(context.device, profiled.queryPool, nil)
        }
        var buffer: VkCommandBuffer? = commandBuffer
        context.vk.freeCommandBuffers(context.device, context.commandPool, 1, &buffer)
        context.vk.destroyDescriptorPool(context.device, descriptorPool, nil)
        context.vk.destroyFence(context.device, fence, nil)
    }

    func run(_ buffers: TensorBuffers) throws {
        try execute(commandBuffer, buffers)
    }

    /// Runs the variant of the command buffer with a timestamp after every dispatch and reports
    /// each dispatch's GPU time under its node (boundary conversions under `nil`).
    func runProfiled(_ buffers: TensorBuffers, record: (Int?, Double) -> Void) throws {
        guard context.timestampPeriod > 0 else {
            let start = monotonicSeconds()
            try run(buffers)
            return record(nil, monotonicSeconds() - start)
        }
        let vk = context.vk
        if profiled == nil {
            var info = VkQueryPoolCreateInfo()
            info.sType = VK_STRUCTURE_TYPE_QUERY_POOL_CREATE_INFO
            info.queryType = VK_QUERY_TYPE_TIMESTAMP
            info.queryCount = UInt32(steps.count + 1)
            var pool: VkQueryPool?
            try VulkanError.check(vk.createQueryPool(context.device, &info, nil, &pool), "vkCreateQueryPool")
            let handles: [DevicePlacement.Region.Buffer: VkBuffer] = [.weights: weights.buffer, .arena: arena.buffer,
                                                                        .stagingIn: stagingIn.buffer, .stagingOut: stagingOut.buffer]
            let recorder = try CommandRecorder(context: context, pool: descriptorPool, count: steps.count, queryPool: pool)
            for step in steps { recorder.record(step.dispatch, pipeline: step.pipeline, regions: step.regions) { handles[$0]! } }
            profiled = (try recorder.finish(), pool!)
        }
        try execute(profiled!.commandBuffer, buffers)
        var ticks = [UInt64](repeating: 0, count: steps.count + 1)
        try VulkanError.check(vk.getQueryPoolResults(context.device, profiled!.queryPool, 0, UInt32(ticks.count), ticks.count * 8, &ticks, 8,
                                                     VK_QUERY_RESULT_64_BIT.rawValue | VK_QUERY_RESULT_WAIT_BIT.rawValue), "vkGetQueryPoolResults")
        for (index, step) in steps.enumerated() {
            record(step.dispatch.node, Double(ticks[index + 1] &- ticks[index]) * context.timestampPeriod * 1e-9)
        }
    }

    private func execute(_ commandBuffer: VkCommandBuffer, _ buffers: TensorBuffers) throws {
        let staging = stagingIn.mapped!
        for input in inputs { (staging + input.offset).copyMemory(from: buffers[input.tensor], byteCount: input.bytes) }
        let vk = context.vk
        var submit = VkSubmitInfo()
        submit.sType = VK_STRUCTURE_TYPE_SUBMIT_INFO
        submit.commandBufferCount = 1
        var command: VkCommandBuffer? = commandBuffer
        var fence: VkFence? = self.fence
        try withUnsafePointer(to: &command) { pointer in
            submit.pCommandBuffers = pointer
            try VulkanError.check(vk.queueSubmit(context.queue, 1, &submit, self.fence), "vkQueueSubmit")
        }
        try VulkanError.check(vk.waitForFences(context.device, 1, &fence, 1, UInt64.max), "vkWaitForFences")
        try VulkanError.check(vk.resetFences(context.device, 1, &fence), "vkResetFences")
        let results = stagingOut.mapped!
        for output in outputs { buffers[output.tensor].copyMemory(from: results + output.offset, byteCount: output.bytes) }
    }

    private static func convert(_ staging: GPUOperand, _ tensor: GPUOperand, count: Int, toDevice: Bool) -> GPUDispatch {
        var dispatch = GPUDispatch("convert", parameters: [count, toDevice ? 0 : 1, 0, 0], bindings: [0: staging, 3: tensor], invocations: count)
        dispatch.writtenBindings = toDevice ? [3] : [0]
        return dispatch
    }

    /// Copies the constants into the weights buffer: directly when it is host-visible, else
    /// through a staging buffer and one transfer.
    private static func upload(_ constants: [(offset: Int, bytes: [UInt8])], to weights: GPUBuffer, context: VulkanContext) throws {
        guard !constants.isEmpty else { return }
        if let mapped = weights.mapped {
            for constant in constants { constant.bytes.withUnsafeBytes { (mapped + constant.offset).copyMemory(from: $0.baseAddress!, byteCount: $0.count) } }
            return
        }
        let staging = try GPUBuffer(context, size: weights.size, placement: .host)
        for constant in constants { constant.bytes.withUnsafeBytes { (staging.mapped! + constant.offset).copyMemory(from: $0.baseAddress!, byteCount: $0.count) } }
        try CommandRecorder.submitOnce(context: context) { command in
            var copy = VkBufferCopy(srcOffset: 0, dstOffset: 0, size: VkDeviceSize(weights.size))
            context.vk.cmdCopyBuffer(command, staging.buffer, weights.buffer, 1, &copy)
        }
    }
}

/// What preparing a GPU partition did, for `qrun` and the benchmarks.
public struct GPUPartitionReport: Sendable {
    /// Compute dispatches recorded (including the boundary conversions).
    public var dispatches: Int
    /// Pipeline barriers recorded (only between dependent dispatches).
    public var barriers: Int
    /// Bytes of weights in device memory.
    public var weightBytes: Int
    /// Bytes of the activation arena, and what the activations would take without reuse.
    public var arenaBytes: Int, unsharedArenaBytes: Int
    /// Seconds creating pipelines, and uploading weights.
    public var pipelineSeconds: Double, uploadSeconds: Double
}
