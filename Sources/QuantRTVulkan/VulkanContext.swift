import CVulkan
import Foundation

/// An open Vulkan device: instance, chosen physical device, logical device with one compute
/// queue, the shared descriptor-set and pipeline layouts, and the pipelines built so far.
///
/// Created once per delegate; the executables of its partitions share it.
final class VulkanContext {
    let instance: VkInstance
    let physicalDevice: VkPhysicalDevice
    let device: VkDevice
    let queue: VkQueue
    let vk: DeviceFunctions
    private let instanceFunctions: InstanceFunctions
    let info: VulkanDeviceInfo
    let precision: GPUPrecision
    let memoryProperties: VkPhysicalDeviceMemoryProperties
    /// Offsets of storage-buffer bindings are multiples of this (at least 256 bytes, so the
    /// vec4 of either precision is always aligned).
    let storageAlignment: Int
    let maxGroupCountX: Int
    /// Nanoseconds per timestamp tick (0: the queue cannot time dispatches).
    let timestampPeriod: Double
    let commandPool: VkCommandPool
    let setLayout: VkDescriptorSetLayout
    let pipelineLayout: VkPipelineLayout
    let pipelines: PipelineLibrary
    /// Seconds spent opening the loader, choosing and creating the device.
    let deviceSeconds: Double

    /// Bindings per dispatch: 0–2 inputs, 3 the output (see `Shaders/common.glsl`).
    static let bindingCount = 4
    /// Push-constant bytes every pipeline takes.
    static let pushConstantBytes = 128

    init(options: VulkanOptions) throws {
        let start = Date()
        var message = [CChar](repeating: 0, count: 512)
        guard let getInstanceProcAddr = qrt_vulkan_open(options.loaderPath, &message, 512) else {
            throw VulkanError(String(decoding: message.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self))
        }
        guard let createInstanceRaw = getInstanceProcAddr(nil, "vkCreateInstance") else {
            throw VulkanError("the Vulkan loader has no vkCreateInstance")
        }
        let createInstance = unsafeBitCast(createInstanceRaw, to: PFN_vkCreateInstance.self)
        var loaderVersion: UInt32 = 1 << 22
        if let raw = getInstanceProcAddr(nil, "vkEnumerateInstanceVersion") {
            _ = unsafeBitCast(raw, to: PFN_vkEnumerateInstanceVersion.self)(&loaderVersion)
        }
        guard loaderVersion >= Self.version(1, 1) else { throw VulkanError("the Vulkan loader is older than 1.1") }
        var app = VkApplicationInfo()
        app.sType = VK_STRUCTURE_TYPE_APPLICATION_INFO
        app.apiVersion = min(loaderVersion, Self.version(1, 2))
        var instance: VkInstance?
        let created = withUnsafePointer(to: &app) { appPointer -> VkResult in
            var createInfo = VkInstanceCreateInfo()
            createInfo.sType = VK_STRUCTURE_TYPE_INSTANCE_CREATE_INFO
            createInfo.pApplicationInfo = appPointer
            return createInstance(&createInfo, nil, &instance)
        }
        guard created == VK_SUCCESS, let instance else {
            throw VulkanError("no Vulkan driver: vkCreateInstance failed with \(VulkanError.resultName(created))")
        }
        self.instance = instance
        let fi = try InstanceFunctions(getInstanceProcAddr, instance: instance)
        instanceFunctions = fi
        do {
            let candidates = try Self.enumerate(fi, instance: instance)
            let chosen = try Self.choose(candidates, request: options.device)
            physicalDevice = chosen.device
            info = chosen.info
            precision = min(options.precision ?? chosen.info.bestPrecision, chosen.info.bestPrecision)
            var memory = VkPhysicalDeviceMemoryProperties()
            fi.getPhysicalDeviceMemoryProperties(chosen.device, &memory)
            memoryProperties = memory
            storageAlignment = max(256, Int(chosen.properties.limits.minStorageBufferOffsetAlignment))
            maxGroupCountX = Int(chosen.properties.limits.maxComputeWorkGroupCount.0)
            timestampPeriod = chosen.properties.limits.timestampComputeAndGraphics != 0 ? Double(chosen.properties.limits.timestampPeriod) : 0
            let (device, queueFamily) = try Self.createDevice(fi, chosen, precision: precision)
            self.device = device
            vk = try DeviceFunctions(fi.getDeviceProcAddr, device: device)
            var queue: VkQueue?
            vk.getDeviceQueue(device, queueFamily, 0, &queue)
            guard let queue else { throw VulkanError("vkGetDeviceQueue returned no queue") }
            self.queue = queue
            var poolInfo = VkCommandPoolCreateInfo()
            poolInfo.sType = VK_STRUCTURE_TYPE_COMMAND_POOL_CREATE_INFO
            poolInfo.queueFamilyIndex = queueFamily
            var pool: VkCommandPool?
            try VulkanError.check(vk.createCommandPool(device, &poolInfo, nil, &pool), "vkCreateCommandPool")
            commandPool = pool!
            (setLayout, pipelineLayout) = try Self.createLayouts(vk, device: device)
        } catch {
            fi.destroyInstance(instance, nil)
            throw error
        }
        let key = Self.cacheKey(info)
        let cachePath = options.cacheDirectory.map { "\($0)/vulkan-pipelines-\(key).bin" }
        pipelines = PipelineLibrary(vk: vk, device: device, layout: pipelineLayout, precision: precision, cachePath: cachePath)
        deviceSeconds = Date().timeIntervalSince(start)
    }

    deinit {
        _ = vk.deviceWaitIdle(device)
        pipelines.destroyAll()
        vk.destroyPipelineLayout(device, pipelineLayout, nil)
        vk.destroyDescriptorSetLayout(device, setLayout, nil)
        vk.destroyCommandPool(device, commandPool, nil)
        vk.destroyDevice(device, nil)
        instanceFunctions.destroyInstance(instance, nil)
    }

    static func version(_ major: UInt32, _ minor: UInt32) -> UInt32 { (major << 22) | (minor << 12) }

    /// A file-name-safe key for the pipeline cache of this device and driver.
    static func cacheKey(_ info: VulkanDeviceInfo) -> String {
        let text = "\(info.name)-\(info.driver)"
        return String(text.map { $0.isLetter || $0.isNumber || $0 == "." ? $0 : "_" })
    }

    /// The index of a memory type allowed by `bits` with all of `required`, preferring one with `preferred` too.
    func memoryType(bits: UInt32, required: UInt32, preferred: UInt32 = 0) -> UInt32? {
        let types = withUnsafeBytes(of: memoryProperties.memoryTypes) { Array($0.bindMemory(to: VkMemoryType.self)) }
        let count = Int(memoryProperties.memoryTypeCount)
        let allowed = (0..<count).filter { bits & (1 << UInt32($0)) != 0 && types[$0].propertyFlags & required == required }
        return (allowed.first { types[$0].propertyFlags & preferred == preferred } ?? allowed.first).map(UInt32.init)
    }

    /// The flags of memory type `index`.
    func memoryFlags(_ index: UInt32) -> UInt32 {
        withUnsafeBytes(of: memoryProperties.memoryTypes) { $0.bindMemory(to: VkMemoryType.self)[Int(index)].propertyFlags }
    }
}
