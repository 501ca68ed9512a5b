import CVulkan

/// A Vulkan failure: which call failed and its `VkResult`, or why no device can be used.
public struct VulkanError: Error, CustomStringConvertible, Sendable {
    /// What went wrong, in one line.
    public let description: String

    /// Creates an error with a message.
    public init(_ description: String) { self.description = description }

    /// Throws when `result` is not `VK_SUCCESS`.
    static func check(_ result: VkResult, _ call: @autoclosure () -> String) throws {
        guard result == VK_SUCCESS else { throw VulkanError("\(call()) failed: \(resultName(result))") }
    }

    /// The name of a result code, for messages.
    static func resultName(_ result: VkResult) -> String {
        switch result {
        case VK_ERROR_OUT_OF_HOST_MEMORY: "VK_ERROR_OUT_OF_HOST_MEMORY"
        case VK_ERROR_OUT_OF_DEVICE_MEMORY: "VK_ERROR_OUT_OF_DEVICE_MEMORY"
        case VK_ERROR_INITIALIZATION_FAILED: "VK_ERROR_INITIALIZATION_FAILED"
        case VK_ERROR_DEVICE_LOST: "VK_ERROR_DEVICE_LOST"
        case VK_ERROR_INCOMPATIBLE_DRIVER: "VK_ERROR_INCOMPATIBLE_DRIVER"
        case VK_ERROR_EXTENSION_NOT_PRESENT: "VK_ERROR_EXTENSION_NOT_PRESENT"
        case VK_ERROR_FEATURE_NOT_PRESENT: "VK_ERROR_FEATURE_NOT_PRESENT"
        case VK_ERROR_LAYER_NOT_PRESENT: "VK_ERROR_LAYER_NOT_PRESENT"
        default: "VkResult \(result.rawValue)"
        }
    }
}
