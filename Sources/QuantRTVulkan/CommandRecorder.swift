import CVulkan

/// Records a partition's dispatches into one command buffer, with a barrier only where a
/// dispatch touches memory an earlier, unsynchronised dispatch wrote (or writes memory one read).
final class CommandRecorder {
    private let context: VulkanContext
    private let commandBuffer: VkCommandBuffer
    private var sets: [VkDescriptorSet?]
    private var next = 0
    private var written: [DevicePlacement.Region] = []
    private var read: [DevicePlacement.Region] = []
    private(set) var barrierCount = 0
    /// When set, a timestamp is written before the first dispatch and after each one.
    private let queryPool: VkQueryPool?

    init(context: VulkanContext, pool: VkDescriptorPool, count: Int, queryPool: VkQueryPool? = nil) throws {
        self.queryPool = queryPool
        self.context = context
        let vk = context.vk
        var sets = [VkDescriptorSet?](repeating: nil, count: count)
        if count > 0 {
            var layouts = [VkDescriptorSetLayout?](repeating: context.setLayout, count: count)
            try layouts.withUnsafeMutableBufferPointer { layoutBuffer in
                var info = VkDescriptorSetAllocateInfo()
                info.sType = VK_STRUCTURE_TYPE_DESCRIPTOR_SET_ALLOCATE_INFO
                info.descriptorPool = pool
                info.descriptorSetCount = UInt32(count)
                info.pSetLayouts = UnsafePointer(layoutBuffer.baseAddress)
                try VulkanError.check(vk.allocateDescriptorSets(context.device, &info, &sets), "vkAllocateDescriptorSets")
            }
        }
        self.sets = sets
        commandBuffer = try Self.allocateCommandBuffer(context)
        var begin = VkCommandBufferBeginInfo()
        begin.sType = VK_STRUCTURE_TYPE_COMMAND_BUFFER_BEGIN_INFO
        try VulkanError.check(vk.beginCommandBuffer(commandBuffer, &begin), "vkBeginCommandBuffer")
        if let queryPool {
            vk.cmdResetQueryPool(commandBuffer, queryPool, 0, UInt32(count + 1))
            vk.cmdWriteTimestamp(commandBuffer, VK_PIPELINE_STAGE_TOP_OF_PIPE_BIT, queryPool, 0)
        }
    }

    static func allocateCommandBuffer(_ context: VulkanContext) throws -> VkCommandBuffer {
        var info = VkCommandBufferAllocateInfo()
        info.sType = VK_STRUCTURE_TYPE_COMMAND_BUFFER_ALLOCATE_INFO
        info.commandPool = context.commandPool
        info.level = VK_COMMAND_BUFFER_LEVEL_PRIMARY
        info.commandBufferCount = 1
        var buffer: VkCommandBuffer?
        try VulkanError.check(context.vk.allocateCommandBuffers(context.device, &info, &buffer), "vkAllocateCommandBuffers")
        return buffer!
    }

    /// Records one dispatch; `regions` maps each binding to its memory, `buffer` names the VkBuffer of a region.
    func record(_ dispatch: GPUDispatch, pipeline: VkPipeline, regions: [Int: DevicePlacement.Region],
                buffer: (DevicePlacement.Region.Buffer) -> VkBuffer) {
        let vk = context.vk
        let set = sets[next]
        next += 1
        // Descriptors: every binding gets a range (unused ones the first region, never read).
        let fallback = regions.values.first!
        var infos = (0..<VulkanContext.bindingCount).map { binding -> VkDescriptorBufferInfo in
            let region = regions[binding] ?? fallback
            return VkDescriptorBufferInfo(buffer: buffer(region.buffer), offset: VkDeviceSize(region.offset),
                                          range: VkDeviceSize(DevicePlacement.aligned(region.size, 4)))
        }
        infos.withUnsafeMutableBufferPointer { infoBuffer in
            var writes = (0..<VulkanContext.bindingCount).map { binding -> VkWriteDescriptorSet in
                var write = VkWriteDescriptorSet()
                write.sType = VK_STRUCTURE_TYPE_WRITE_DESCRIPTOR_SET
                write.dstSet = set
                write.dstBinding = UInt32(binding)
                write.descriptorCount = 1
                write.descriptorType = VK_DESCRIPTOR_TYPE_STORAGE_BUFFER
                write.pBufferInfo = UnsafePointer(infoBuffer.baseAddress! + binding)
                return write
            }
            vk.updateDescriptorSets(context.device, UInt32(writes.count), &writes, 0, nil)
        }
        // Barrier only on a hazard with what ran since the last one.
        let reads = regions.filter { !dispatch.writtenBindings.contains($0.key) }.map(\.value)
        let writes = regions.filter { dispatch.writtenBindings.contains($0.key) }.map(\.value)
        let hazard = reads.contains { r in written.contains { $0.overlaps(r) } }
            || writes.contains { w in written.contains { $0.overlaps(w) } || read.contains { $0.overlaps(w) } }
        if hazard {
            barrier(from: VK_PIPELINE_STAGE_COMPUTE_SHADER_BIT.rawValue, to: VK_PIPELINE_STAGE_COMPUTE_SHADER_BIT.rawValue,
                    access: VK_ACCESS_SHADER_READ_BIT.rawValue | VK_ACCESS_SHADER_WRITE_BIT.rawValue)
            written = []
            read = []
        }
        written += writes
        read += reads
        vk.cmdBindPipeline(commandBuffer, VK_PIPELINE_BIND_POINT_COMPUTE, pipeline)
        var boundSet: VkDescriptorSet? = set
        vk.cmdBindDescriptorSets(commandBuffer, VK_PIPELINE_BIND_POINT_COMPUTE, context.pipelineLayout, 0, 1, &boundSet, 0, nil)
        var parameters = dispatch.parameters
        precondition(parameters.count <= VulkanContext.pushConstantBytes / 4, "\(dispatch.shader): too many parameters")
        vk.cmdPushConstants(commandBuffer, context.pipelineLayout, VK_SHADER_STAGE_COMPUTE_BIT.rawValue, 0,
                             UInt32(parameters.count * 4), &parameters)
        let groups = (dispatch.invocations + PipelineLibrary.workgroupSize - 1) / PipelineLibrary.workgroupSize
        let x: Int, y: Int
        if dispatch.groupsY > 0 {
            (x, y) = (max(groups, 1), dispatch.groupsY)
        } else {
            x = min(max(groups, 1), min(context.maxGroupCountX, 65535))
            y = (max(groups, 1) + x - 1) / x
        }
        vk.cmdDispatch(commandBuffer, UInt32(x), UInt32(y), 1)
        if let queryPool {
            vk.cmdWriteTimestamp(commandBuffer, VK_PIPELINE_STAGE_BOTTOM_OF_PIPE_BIT, queryPool, UInt32(next))
        }
    }

    private func barrier(from source: UInt32, to destination: UInt32, access: UInt32) {
        var memoryBarrier = VkMemoryBarrier()
        memoryBarrier.sType = VK_STRUCTURE_TYPE_MEMORY_BARRIER
        memoryBarrier.srcAccessMask = VK_ACCESS_SHADER_WRITE_BIT.rawValue
        memoryBarrier.dstAccessMask = access
        context.vk.cmdPipelineBarrier(commandBuffer, source, destination, 0, 1, &memoryBarrier, 0, nil, 0, nil)
        barrierCount += 1
    }

    /// Ends the command buffer, making the last writes visible to the host.
    func finish() throws -> VkCommandBuffer {
        barrier(from: VK_PIPELINE_STAGE_COMPUTE_SHADER_BIT.rawValue, to: VK_PIPELINE_STAGE_HOST_BIT.rawValue, access: VK_ACCESS_HOST_READ_BIT.rawValue)
        try VulkanError.check(context.vk.endCommandBuffer(commandBuffer), "vkEndCommandBuffer")
        return commandBuffer
    }

    /// Records commands with `body`, submits them and waits (for one-time transfers at prepare).
    static func submitOnce(context: VulkanContext, _ body: (VkCommandBuffer) -> Void) throws {
        let vk = context.vk
        let command = try allocateCommandBuffer(context)
        var handle: VkCommandBuffer? = command
        defer { vk.freeCommandBuffers(context.device, context.commandPool, 1, &handle) }
        var begin = VkCommandBufferBeginInfo()
        begin.sType = VK_STRUCTURE_TYPE_COMMAND_BUFFER_BEGIN_INFO
        begin.flags = VK_COMMAND_BUFFER_USAGE_ONE_TIME_SUBMIT_BIT.rawValue
        try VulkanError.check(vk.beginCommandBuffer(command, &begin), "vkBeginCommandBuffer")
        body(command)
        try VulkanError.check(vk.endCommandBuffer(command), "vkEndCommandBuffer")
        var submit = VkSubmitInfo()
        submit.sType = VK_STRUCTURE_TYPE_SUBMIT_INFO
        submit.commandBufferCount = 1
        try withUnsafePointer(to: &handle) { pointer in
            submit.pCommandBuffers = pointer
            try VulkanError.check(vk.queueSubmit(context.queue, 1, &submit, nil), "vkQueueSubmit")
        }
        try VulkanError.check(vk.queueWaitIdle(context.queue), "vkQueueWaitIdle")
    }
}
