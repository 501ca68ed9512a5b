import CVulkan

/// Loads a Vulkan entry point by name and casts it to its `PFN_` type.
private func load<F>(_ name: String, _ lookup: (String) -> PFN_vkVoidFunction?) throws -> F {
    guard let function = lookup(name) else { throw VulkanError("the Vulkan loader has no \(name)") }
    return unsafeBitCast(function, to: F.self)
}

/// The instance-level entry points the delegate calls.
struct InstanceFunctions {
    let destroyInstance: PFN_vkDestroyInstance
    let enumeratePhysicalDevices: PFN_vkEnumeratePhysicalDevices
    let getPhysicalDeviceProperties: PFN_vkGetPhysicalDeviceProperties
    let getPhysicalDeviceProperties2: PFN_vkGetPhysicalDeviceProperties2
    let getPhysicalDeviceFeatures2: PFN_vkGetPhysicalDeviceFeatures2
    let getPhysicalDeviceQueueFamilyProperties: PFN_vkGetPhysicalDeviceQueueFamilyProperties
    let getPhysicalDeviceMemoryProperties: PFN_vkGetPhysicalDeviceMemoryProperties
    let enumerateDeviceExtensionProperties: PFN_vkEnumerateDeviceExtensionProperties
    let createDevice: PFN_vkCreateDevice
    let getDeviceProcAddr: PFN_vkGetDeviceProcAddr

    init(_ getInstanceProcAddr: PFN_vkGetInstanceProcAddr, instance: VkInstance) throws {
        let lookup: (String) -> PFN_vkVoidFunction? = { getInstanceProcAddr(instance, $0) }
        destroyInstance = try load("vkDestroyInstance", lookup)
        enumeratePhysicalDevices = try load("vkEnumeratePhysicalDevices", lookup)
        getPhysicalDeviceProperties = try load("vkGetPhysicalDeviceProperties", lookup)
        getPhysicalDeviceProperties2 = try load("vkGetPhysicalDeviceProperties2", lookup)
        getPhysicalDeviceFeatures2 = try load("vkGetPhysicalDeviceFeatures2", lookup)
        getPhysicalDeviceQueueFamilyProperties = try load("vkGetPhysicalDeviceQueueFamilyProperties", lookup)
        getPhysicalDeviceMemoryProperties = try load("vkGetPhysicalDeviceMemoryProperties", lookup)
        enumerateDeviceExtensionProperties = try load("vkEnumerateDeviceExtensionProperties", lookup)
        createDevice = try load("vkCreateDevice", lookup)
        getDeviceProcAddr = try load("vkGetDeviceProcAddr", lookup)
    }
}

/// The device-level entry points the delegate calls (loaded through `vkGetDeviceProcAddr`,
/// which skips the loader's dispatch).
struct DeviceFunctions {
    let destroyDevice: PFN_vkDestroyDevice
    let deviceWaitIdle: PFN_vkDeviceWaitIdle
    let getDeviceQueue: PFN_vkGetDeviceQueue
    let createBuffer: PFN_vkCreateBuffer
    let destroyBuffer: PFN_vkDestroyBuffer
    let getBufferMemoryRequirements: PFN_vkGetBufferMemoryRequirements
    let allocateMemory: PFN_vkAllocateMemory
    let freeMemory: PFN_vkFreeMemory
    let bindBufferMemory: PFN_vkBindBufferMemory
    let mapMemory: PFN_vkMapMemory
    let createShaderModule: PFN_vkCreateShaderModule
    let destroyShaderModule: PFN_vkDestroyShaderModule
    let createDescriptorSetLayout: PFN_vkCreateDescriptorSetLayout
    let destroyDescriptorSetLayout: PFN_vkDestroyDescriptorSetLayout
    let createPipelineLayout: PFN_vkCreatePipelineLayout
    let destroyPipelineLayout: PFN_vkDestroyPipelineLayout
    let createPipelineCache: PFN_vkCreatePipelineCache
    let destroyPipelineCache: PFN_vkDestroyPipelineCache
    let getPipelineCacheData: PFN_vkGetPipelineCacheData
    let createComputePipelines: PFN_vkCreateComputePipelines
    let destroyPipeline: PFN_vkDestroyPipeline
    let createDescriptorPool: PFN_vkCreateDescriptorPool
    let destroyDescriptorPool: PFN_vkDestroyDescriptorPool
    let allocateDescriptorSets: PFN_vkAllocateDescriptorSets
    let updateDescriptorSets: PFN_vkUpdateDescriptorSets
    let createCommandPool: PFN_vkCreateCommandPool
    let destroyCommandPool: PFN_vkDestroyCommandPool
    let allocateCommandBuffers: PFN_vkAllocateCommandBuffers
    let freeCommandBuffers: PFN_vkFreeCommandBuffers
    let beginCommandBuffer: PFN_vkBeginCommandBuffer
    let endCommandBuffer: PFN_vkEndCommandBuffer
    let cmdBindPipeline: PFN_vkCmdBindPipeline
    let cmdBindDescriptorSets: PFN_vkCmdBindDescriptorSets
    let cmdPushConstants: PFN_vkCmdPushConstants
    let cmdDispatch: PFN_vkCmdDispatch
    let cmdPipelineBarrier: PFN_vkCmdPipelineBarrier
    let cmdCopyBuffer: PFN_vkCmdCopyBuffer
    let queueSubmit: PFN_vkQueueSubmit
    let queueWaitIdle: PFN_vkQueueWaitIdle
    let createFence: PFN_vkCreateFence
    let destroyFence: PFN_vkDestroyFence
    let waitForFences: PFN_vkWaitForFences
    let resetFences: PFN_vkResetFences
    let createQueryPool: PFN_vkCreateQueryPool
    let destroyQueryPool: PFN_vkDestroyQueryPool
    let cmdResetQueryPool: PFN_vkCmdResetQueryPool
    let cmdWriteTimestamp: PFN_vkCmdWriteTimestamp
    let getQueryPoolResults: PFN_vkGetQueryPoolResults

    init(_ getDeviceProcAddr: PFN_vkGetDeviceProcAddr, device: VkDevice) throws {
        let lookup: (String) -> PFN_vkVoidFunction? = { getDeviceProcAddr(device, $0) }
        destroyDevice = try load("vkDestroyDevice", lookup)
        deviceWaitIdle = try load("vkDeviceWaitIdle", lookup)
        getDeviceQueue = try load("vkGetDeviceQueue", lookup)
        createBuffer = try load("vkCreateBuffer", lookup)
        destroyBuffer = try load("vkDestroyBuffer", lookup)
        getBufferMemoryRequirements = try load("vkGetBufferMemoryRequirements", lookup)
        allocateMemory = try load("vkAllocateMemory", lookup)
        freeMemory = try load("vkFreeMemory", lookup)
        bindBufferMemory = try load("vkBindBufferMemory", lookup)
        mapMemory = try load("vkMapMemory", lookup)
        createShaderModule = try load("vkCreateShaderModule", lookup)
        destroyShaderModule = try load("vkDestroyShaderModule", lookup)
        createDescriptorSetLayout = try load("vkCreateDescriptorSetLayout", lookup)
        destroyDescriptorSetLayout = try load("vkDestroyDescriptorSetLayout", lookup)
        createPipelineLayout = try load("vkCreatePipelineLayout", lookup)
        destroyPipelineLayout = try load("vkDestroyPipelineLayout", lookup)
        createPipelineCache = try load("vkCreatePipelineCache", lookup)
        destroyPipelineCache = try load("vkDestroyPipelineCache", lookup)
        getPipelineCacheData = try load("vkGetPipelineCacheData", lookup)
        createComputePipelines = try load("vkCreateComputePipelines", lookup)
        destroyPipeline = try load("vkDestroyPipeline", lookup)
        createDescriptorPool = try load("vkCreateDescriptorPool", lookup)
        destroyDescriptorPool = try load("vkDestroyDescriptorPool", lookup)
        allocateDescriptorSets = try load("vkAllocateDescriptorSets", lookup)
        updateDescriptorSets = try load("vkUpdateDescriptorSets", lookup)
        createCommandPool = try load("vkCreateCommandPool", lookup)
        destroyCommandPool = try load("vkDestroyCommandPool", lookup)
        allocateCommandBuffers = try load("vkAllocateCommandBuffers", lookup)
        freeCommandBuffers = try load("vkFreeCommandBuffers", lookup)
        beginCommandBuffer = try load("vkBeginCommandBuffer", lookup)
        endCommandBuffer = try load("vkEndCommandBuffer", lookup)
        cmdBindPipeline = try load("vkCmdBindPipeline", lookup)
        cmdBindDescriptorSets = try load("vkCmdBindDescriptorSets", lookup)
        cmdPushConstants = try load("vkCmdPushConstants", lookup)
        cmdDispatch = try load("vkCmdDispatch", lookup)
        cmdPipelineBarrier = try load("vkCmdPipelineBarrier", lookup)
        cmdCopyBuffer = try load("vkCmdCopyBuffer", lookup)
        queueSubmit = try load("vkQueueSubmit", lookup)
        queueWaitIdle = try load("vkQueueWaitIdle", lookup)
        createFence = try load("vkCreateFence", lookup)
        destroyFence = try load("vkDestroyFence", lookup)
        waitForFences = try load("vkWaitForFences", lookup)
        resetFences = try load("vkResetFences", lookup)
        createQueryPool = try load("vkCreateQueryPool", lookup)
        destroyQueryPool = try load("vkDestroyQueryPool", lookup)
        cmdResetQueryPool = try load("vkCmdResetQueryPool", lookup)
        cmdWriteTimestamp = try load("vkCmdWriteTimestamp", lookup)
        getQueryPoolResults = try load("vkGetQueryPoolResults", lookup)
    }
}
