import CVulkan
import Foundation

/// A physical device with what the delegate needs to know to choose it.
struct PhysicalDeviceCandidate {
    let device: VkPhysicalDevice
    let properties: VkPhysicalDeviceProperties
    let info: VulkanDeviceInfo
    let queueFamily: UInt32?
    let extensions: Set<String>
}

extension VulkanContext {
    /// Every physical device with its properties, features and compute queue family.
    static func enumerate(_ fi: InstanceFunctions, instance: VkInstance) throws -> [PhysicalDeviceCandidate] {
        var count: UInt32 = 0
        try VulkanError.check(fi.enumeratePhysicalDevices(instance, &count, nil), "vkEnumeratePhysicalDevices")
        guard count > 0 else { throw VulkanError("no Vulkan device (the driver reports none)") }
        var devices = [VkPhysicalDevice?](repeating: nil, count: Int(count))
        try VulkanError.check(fi.enumeratePhysicalDevices(instance, &count, &devices), "vkEnumeratePhysicalDevices")
        return devices.prefix(Int(count)).enumerated().compactMap { index, device in
            guard let device else { return nil }
            return describe(fi, device, index: index)
        }
    }

    private static func describe(_ fi: InstanceFunctions, _ device: VkPhysicalDevice, index: Int) -> PhysicalDeviceCandidate {
        var properties = VkPhysicalDeviceProperties()
        fi.getPhysicalDeviceProperties(device, &properties)
        let name = withUnsafeBytes(of: properties.deviceName) { String(cString: $0.bindMemory(to: CChar.self).baseAddress!) }
        var driver = "version \(properties.driverVersion)"
        if properties.apiVersion >= version(1, 2) {
            var driverProperties = VkPhysicalDeviceDriverProperties()
            driverProperties.sType = VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_DRIVER_PROPERTIES
            withUnsafeMutablePointer(to: &driverProperties) { pointer in
                var properties2 = VkPhysicalDeviceProperties2()
                properties2.sType = VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_PROPERTIES_2
                properties2.pNext = UnsafeMutableRawPointer(pointer)
                fi.getPhysicalDeviceProperties2(device, &properties2)
            }
            let driverName = withUnsafeBytes(of: driverProperties.driverName) { String(cString: $0.bindMemory(to: CChar.self).baseAddress!) }
            let driverInfo = withUnsafeBytes(of: driverProperties.driverInfo) { String(cString: $0.bindMemory(to: CChar.self).baseAddress!) }
            driver = driverInfo.isEmpty ? driverName : "\(driverName) \(driverInfo)"
        }
        var extensionCount: UInt32 = 0
        _ = fi.enumerateDeviceExtensionProperties(device, nil, &extensionCount, nil)
        var extensionList = [VkExtensionProperties](repeating: VkExtensionProperties(), count: Int(extensionCount))
        _ = fi.enumerateDeviceExtensionProperties(device, nil, &extensionCount, &extensionList)
        let extensions = Set(extensionList.prefix(Int(extensionCount)).map { item in
            withUnsafeBytes(of: item.extensionName) { String(cString: $0.bindMemory(to: CChar.self).baseAddress!) }
        })
        var storage16 = VkPhysicalDevice16BitStorageFeatures()
        storage16.sType = VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_16BIT_STORAGE_FEATURES
        var float16 = VkPhysicalDeviceShaderFloat16Int8Features()
        float16.sType = VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_SHADER_FLOAT16_INT8_FEATURES
        let hasFloat16Math = properties.apiVersion >= version(1, 2) || extensions.contains("VK_KHR_shader_float16_int8")
        if properties.apiVersion >= version(1, 1) {
            withUnsafeMutablePointer(to: &float16) { float16Pointer in
                storage16.pNext = hasFloat16Math ? UnsafeMutableRawPointer(float16Pointer) : nil
                withUnsafeMutablePointer(to: &storage16) { storagePointer in
                    var features2 = VkPhysicalDeviceFeatures2()
                    features2.sType = VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_FEATURES_2
                    features2.pNext = UnsafeMutableRawPointer(storagePointer)
                    fi.getPhysicalDeviceFeatures2(device, &features2)
                }
            }
            storage16.pNext = nil
        }
        let best: GPUPrecision = storage16.storageBuffer16BitAccess == 0 ? .fp32
            : (hasFloat16Math && float16.shaderFloat16 != 0 ? .fp16 : .fp16Storage)
        var familyCount: UInt32 = 0
        fi.getPhysicalDeviceQueueFamilyProperties(device, &familyCount, nil)
        var families = [VkQueueFamilyProperties](repeating: VkQueueFamilyProperties(), count: Int(familyCount))
        fi.getPhysicalDeviceQueueFamilyProperties(device, &familyCount, &families)
        let compute = families.prefix(Int(familyCount)).firstIndex { $0.queueFlags & VK_QUEUE_COMPUTE_BIT.rawValue != 0 }
        let type = properties.deviceType
        let info = VulkanDeviceInfo(index: index, name: name, driver: driver, kind: VulkanDeviceInfo.kindName(type),
                                    isSoftware: type == VK_PHYSICAL_DEVICE_TYPE_CPU, bestPrecision: best)
        return PhysicalDeviceCandidate(device: device, properties: properties, info: info,
                                       queueFamily: compute.map(UInt32.init), extensions: extensions)
    }

    /// The requested device (index or part of the name), else the most preferred type.
    static func choose(_ candidates: [PhysicalDeviceCandidate], request: String?) throws -> PhysicalDeviceCandidate {
        let usable = candidates.filter { $0.queueFamily != nil && $0.properties.apiVersion >= version(1, 1) }
        let names = candidates.map { "\($0.info.index): \($0.info.name)" }.joined(separator: "; ")
        if let request {
            let match = Int(request).flatMap { index in usable.first { $0.info.index == index } }
                ?? usable.first { $0.info.name.lowercased().contains(request.lowercased()) }
            guard let match else { throw VulkanError("no usable Vulkan device matches '\(request)' (devices: \(names))") }
            return match
        }
        guard let best = usable.max(by: { VulkanDeviceInfo.preference($0.properties.deviceType) < VulkanDeviceInfo.preference($1.properties.deviceType) }) else {
            throw VulkanError("no Vulkan 1.1 device with a compute queue (devices: \(names))")
        }
        return best
    }

    /// Creates the logical device with the features `precision` needs.
    static func createDevice(_ fi: InstanceFunctions, _ chosen: PhysicalDeviceCandidate, precision: GPUPrecision) throws -> (VkDevice, UInt32) {
        let family = chosen.queueFamily!
        var priority: Float = 1
        var float16 = VkPhysicalDeviceShaderFloat16Int8Features()
        float16.sType = VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_SHADER_FLOAT16_INT8_FEATURES
        float16.shaderFloat16 = precision == .fp16 ? 1 : 0
        var storage16 = VkPhysicalDevice16BitStorageFeatures()
        storage16.sType = VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_16BIT_STORAGE_FEATURES
        storage16.storageBuffer16BitAccess = precision.storesFloat16 ? 1 : 0
        var extensions: [String] = []
        if precision == .fp16 && chosen.properties.apiVersion < version(1, 2) { extensions.append("VK_KHR_shader_float16_int8") }
        let cNames = extensions.map { strdup($0) }
        defer { cNames.forEach { free($0) } }
        var namePointers = cNames.map { UnsafePointer<CChar>($0) }
        var device: VkDevice?
        let result = withUnsafeMutablePointer(to: &float16) { float16Pointer -> VkResult in
            storage16.pNext = precision == .fp16 ? UnsafeMutableRawPointer(float16Pointer) : nil
            return withUnsafeMutablePointer(to: &storage16) { storagePointer -> VkResult in
                withUnsafePointer(to: &priority) { priorityPointer -> VkResult in
                    var queueInfo = VkDeviceQueueCreateInfo()
                    queueInfo.sType = VK_STRUCTURE_TYPE_DEVICE_QUEUE_CREATE_INFO
                    queueInfo.queueFamilyIndex = family
                    queueInfo.queueCount = 1
                    queueInfo.pQueuePriorities = priorityPointer
                    return withUnsafePointer(to: &queueInfo) { queuePointer -> VkResult in
                        namePointers.withUnsafeMutableBufferPointer { names -> VkResult in
                            var createInfo = VkDeviceCreateInfo()
                            createInfo.sType = VK_STRUCTURE_TYPE_DEVICE_CREATE_INFO
                            createInfo.pNext = UnsafeRawPointer(storagePointer)
                            createInfo.queueCreateInfoCount = 1
                            createInfo.pQueueCreateInfos = queuePointer
                            createInfo.enabledExtensionCount = UInt32(names.count)
                            createInfo.ppEnabledExtensionNames = names.isEmpty ? nil : UnsafePointer(names.baseAddress)
                            return fi.createDevice(chosen.device, &createInfo, nil, &device)
                        }
                    }
                }
            }
        }
        guard result == VK_SUCCESS, let device else {
            throw VulkanError("vkCreateDevice on \(chosen.info.name) failed: \(VulkanError.resultName(result))")
        }
        return (device, family)
    }

    /// One descriptor-set layout (four storage buffers) and one pipeline layout (that set plus
    /// 128 bytes of push constants) shared by every pipeline.
    static func createLayouts(_ vk: DeviceFunctions, device: VkDevice) throws -> (VkDescriptorSetLayout, VkPipelineLayout) {
        var bindings = (0..<bindingCount).map { index -> VkDescriptorSetLayoutBinding in
            var binding = VkDescriptorSetLayoutBinding()
            binding.binding = UInt32(index)
            binding.descriptorType = VK_DESCRIPTOR_TYPE_STORAGE_BUFFER
            binding.descriptorCount = 1
            binding.stageFlags = VK_SHADER_STAGE_COMPUTE_BIT.rawValue
            return binding
        }
        var setLayout: VkDescriptorSetLayout?
        try bindings.withUnsafeMutableBufferPointer { buffer in
            var info = VkDescriptorSetLayoutCreateInfo()
            info.sType = VK_STRUCTURE_TYPE_DESCRIPTOR_SET_LAYOUT_CREATE_INFO
            info.bindingCount = UInt32(buffer.count)
            info.pBindings = UnsafePointer(buffer.baseAddress)
            try VulkanError.check(vk.createDescriptorSetLayout(device, &info, nil, &setLayout), "vkCreateDescriptorSetLayout")
        }
        var range = VkPushConstantRange()
        range.stageFlags = VK_SHADER_STAGE_COMPUTE_BIT.rawValue
        range.size = UInt32(pushConstantBytes)
        var pipelineLayout: VkPipelineLayout?
        var layouts: [VkDescriptorSetLayout?] = [setLayout]
        try layouts.withUnsafeMutableBufferPointer { layoutBuffer in
            try withUnsafePointer(to: &range) { rangePointer in
                var info = VkPipelineLayoutCreateInfo()
                info.sType = VK_STRUCTURE_TYPE_PIPELINE_LAYOUT_CREATE_INFO
                info.setLayoutCount = 1
                info.pSetLayouts = UnsafePointer(layoutBuffer.baseAddress)
                info.pushConstantRangeCount = 1
                info.pPushConstantRanges = rangePointer
                try VulkanError.check(vk.createPipelineLayout(device, &info, nil, &pipelineLayout), "vkCreatePipelineLayout")
            }
        }
        return (setLayout!, pipelineLayout!)
    }
}
