import CVulkan

/// A `VkBuffer` with its own memory, mapped when the memory is host-visible.
final class GPUBuffer {
    let buffer: VkBuffer
    let memory: VkDeviceMemory
    let size: Int
    /// The host address of the buffer's memory, or `nil` when it is not host-visible.
    let mapped: UnsafeMutableRawPointer?
    private let context: VulkanContext

    /// Where the memory should live.
    enum Placement {
        /// Device-local memory (host-visible too when the device has such memory, e.g. lavapipe
        /// or an integrated GPU, which spares the staging copies).
        case device
        /// Host-visible, coherent memory: the staging buffers at partition boundaries.
        case host
    }

    init(_ context: VulkanContext, size: Int, placement: Placement) throws {
        self.context = context
        self.size = max(size, 16)
        let vk = context.vk
        var info = VkBufferCreateInfo()
        info.sType = VK_STRUCTURE_TYPE_BUFFER_CREATE_INFO
        info.size = VkDeviceSize(self.size)
        info.usage = VK_BUFFER_USAGE_STORAGE_BUFFER_BIT.rawValue | VK_BUFFER_USAGE_TRANSFER_SRC_BIT.rawValue | VK_BUFFER_USAGE_TRANSFER_DST_BIT.rawValue
        info.sharingMode = VK_SHARING_MODE_EXCLUSIVE
        var buffer: VkBuffer?
        try VulkanError.check(vk.createBuffer(context.device, &info, nil, &buffer), "vkCreateBuffer(\(self.size) bytes)")
        var requirements = VkMemoryRequirements()
        vk.getBufferMemoryRequirements(context.device, buffer, &requirements)
        let hostBits = VK_MEMORY_PROPERTY_HOST_VISIBLE_BIT.rawValue | VK_MEMORY_PROPERTY_HOST_COHERENT_BIT.rawValue
        let deviceBit = VK_MEMORY_PROPERTY_DEVICE_LOCAL_BIT.rawValue
        let typeIndex: UInt32? = switch placement {
        case .device: context.memoryType(bits: requirements.memoryTypeBits, required: deviceBit, preferred: hostBits)
            ?? context.memoryType(bits: requirements.memoryTypeBits, required: 0)
        case .host: context.memoryType(bits: requirements.memoryTypeBits, required: hostBits, preferred: deviceBit)
        }
        guard let typeIndex else {
            vk.destroyBuffer(context.device, buffer, nil)
            throw VulkanError("no suitable memory type for a \(self.size)-byte buffer")
        }
        var allocation = VkMemoryAllocateInfo()
        allocation.sType = VK_STRUCTURE_TYPE_MEMORY_ALLOCATE_INFO
        allocation.allocationSize = requirements.size
        allocation.memoryTypeIndex = typeIndex
        var memory: VkDeviceMemory?
        let allocated = vk.allocateMemory(context.device, &allocation, nil, &memory)
        guard allocated == VK_SUCCESS, let memory else {
            vk.destroyBuffer(context.device, buffer, nil)
            throw VulkanError("vkAllocateMemory(\(requirements.size) bytes) failed: \(VulkanError.resultName(allocated))")
        }
        _ = vk.bindBufferMemory(context.device, buffer, memory, 0)
        var address: UnsafeMutableRawPointer?
        if context.memoryFlags(typeIndex) & hostBits == hostBits {
            _ = vk.mapMemory(context.device, memory, 0, VkDeviceSize(VK_WHOLE_SIZE), 0, &address)
        }
        self.buffer = buffer!
        self.memory = memory
        self.mapped = address
    }

    deinit {
        context.vk.destroyBuffer(context.device, buffer, nil)
        context.vk.freeMemory(context.device, memory, nil)
    }
}
