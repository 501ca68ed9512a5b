import CVulkan

/// What the delegate found out about the device it chose.
public struct VulkanDeviceInfo: Sendable, CustomStringConvertible {
    /// Position in `vkEnumeratePhysicalDevices` order (what `--gpu-device INDEX` names).
    public var index: Int
    /// The device name (`llvmpipe (LLVM 15.0.6, 256 bits)` for lavapipe).
    public var name: String
    /// Driver name and information, when the device reports them.
    public var driver: String
    /// `discrete`, `integrated`, `virtual`, `cpu` or `other`.
    public var kind: String
    /// Whether the device is software running on the CPU (lavapipe, SwiftShader).
    public var isSoftware: Bool
    /// The best precision the device's features allow.
    public var bestPrecision: GPUPrecision

    public var description: String {
        "\(name) [\(index)] (\(kind)\(isSoftware ? ", software device" : ""); driver \(driver))"
    }

    /// Preference order for automatic choice: discrete > integrated > virtual > CPU-type.
    static func preference(_ type: VkPhysicalDeviceType) -> Int {
        switch type {
        case VK_PHYSICAL_DEVICE_TYPE_DISCRETE_GPU: 4
        case VK_PHYSICAL_DEVICE_TYPE_INTEGRATED_GPU: 3
        case VK_PHYSICAL_DEVICE_TYPE_VIRTUAL_GPU: 2
        case VK_PHYSICAL_DEVICE_TYPE_CPU: 1
        default: 0
        }
    }

    static func kindName(_ type: VkPhysicalDeviceType) -> String {
        switch type {
        case VK_PHYSICAL_DEVICE_TYPE_DISCRETE_GPU: "discrete"
        case VK_PHYSICAL_DEVICE_TYPE_INTEGRATED_GPU: "integrated"
        case VK_PHYSICAL_DEVICE_TYPE_VIRTUAL_GPU: "virtual"
        case VK_PHYSICAL_DEVICE_TYPE_CPU: "cpu"
        default: "other"
        }
    }
}
