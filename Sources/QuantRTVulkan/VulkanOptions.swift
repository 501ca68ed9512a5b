#if canImport(Glibc)
import Glibc
#endif

/// How the GPU delegate picks its device and precision.
public struct VulkanOptions: Sendable {
    /// A device index (`vkEnumeratePhysicalDevices` order) or a case-insensitive part of its
    /// name; `nil` picks discrete > integrated > virtual > CPU-type.
    public var device: String?
    /// The precision to use; `nil` takes the best the device supports. A request the device
    /// cannot honour falls back to the next lower precision (fp16 → fp16-storage → fp32).
    public var precision: GPUPrecision?
    /// Op types (TFLite builtin names, e.g. `CONV_2D`) whose arithmetic runs in float32 even
    /// when the rest computes in float16 (storage stays the partition's).
    public var float32Ops: Set<String>
    /// The Vulkan loader library opened with `dlopen`.
    public var loaderPath: String
    /// Where the `VkPipelineCache` is kept between processes; `nil` disables it.
    public var cacheDirectory: String?

    /// Creates options; unset fields come from the environment: `QUANTRT_GPU_DEVICE`,
    /// `QUANTRT_GPU_PRECISION`, `QUANTRT_VULKAN_LOADER`, `QUANTRT_GPU_CACHE_DIR`
    /// (default `$XDG_CACHE_HOME/quantrt` or `~/.cache/quantrt`; `none` disables the cache).
    public init(device: String? = nil, precision: GPUPrecision? = nil, float32Ops: Set<String> = [],
                loaderPath: String? = nil, cacheDirectory: String? = nil) {
        func env(_ name: String) -> String? { getenv(name).map { String(cString: $0) }.flatMap { $0.isEmpty ? nil : $0 } }
        self.device = device ?? env("QUANTRT_GPU_DEVICE")
        self.precision = precision ?? env("QUANTRT_GPU_PRECISION").flatMap(GPUPrecision.init(parsing:))
        self.float32Ops = float32Ops
        self.loaderPath = loaderPath ?? env("QUANTRT_VULKAN_LOADER") ?? "libvulkan.so.1"
        let directory = cacheDirectory ?? env("QUANTRT_GPU_CACHE_DIR")
            ?? env("XDG_CACHE_HOME").map { $0 + "/quantrt" } ?? env("HOME").map { $0 + "/.cache/quantrt" }
        self.cacheDirectory = directory == "none" ? nil : directory
    }
}
