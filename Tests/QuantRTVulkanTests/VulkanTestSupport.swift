import QuantRTVulkan
import XCTest

/// The delegate the tests share (opening a device costs time), or a skip when none is available.
enum VulkanTestDevice {
    /// One delegate per forced precision, created on first use.
    nonisolated(unsafe) private static var delegates: [String: VulkanDelegate] = [:]

    /// A delegate at `precision` (the best available when `nil`), or an XCTSkip naming the reason.
    static func delegate(_ precision: GPUPrecision? = nil) throws -> VulkanDelegate {
        let key = precision?.rawValue ?? "best"
        if let existing = delegates[key] { return existing }
        let delegate = VulkanDelegate(options: VulkanOptions(precision: precision))
        guard delegate.isAvailable else {
            throw XCTSkip("no Vulkan device (\(delegate.unavailableReason ?? "?")): install mesa-vulkan-drivers (lavapipe) to run the GPU tests")
        }
        if let precision, delegate.precision != precision {
            throw XCTSkip("the Vulkan device does not support \(precision) (best: \(delegate.precision!))")
        }
        delegates[key] = delegate
        return delegate
    }
}
