import CVulkan
import Foundation

/// Compute pipelines by shader and specialization constants, built on first use from the
/// SPIR-V embedded at build time (``ShaderBinaries``), through a `VkPipelineCache` kept on disk.
final class PipelineLibrary {
    private let vk: DeviceFunctions
    private let device: VkDevice
    private let layout: VkPipelineLayout
    private let precision: GPUPrecision
    private let cachePath: String?
    private var cache: VkPipelineCache?
    private var modules: [String: VkShaderModule] = [:]
    private var pipelines: [String: VkPipeline] = [:]
    /// Bytes of pipeline-cache data read from disk at creation (0 when there was none).
    private(set) var loadedCacheBytes = 0
    /// Seconds spent creating shader modules and pipelines.
    private(set) var buildSeconds = 0.0

    /// Workgroup size (specialization constant 0) of every pipeline.
    static let workgroupSize = 64

    init(vk: DeviceFunctions, device: VkDevice, layout: VkPipelineLayout, precision: GPUPrecision, cachePath: String?) {
        self.vk = vk
        self.device = device
        self.layout = layout
        self.precision = precision
        self.cachePath = cachePath
        let initial = cachePath.flatMap { FileManager.default.contents(atPath: $0) } ?? Data()
        loadedCacheBytes = initial.count
        var info = VkPipelineCacheCreateInfo()
        info.sType = VK_STRUCTURE_TYPE_PIPELINE_CACHE_CREATE_INFO
        var created: VkPipelineCache?
        let result = initial.withUnsafeBytes { bytes -> VkResult in
            info.initialDataSize = bytes.count
            info.pInitialData = bytes.count > 0 ? bytes.baseAddress : nil
            return vk.createPipelineCache(device, &info, nil, &created)
        }
        // A cache the driver rejects is only a slower start.
        if result == VK_SUCCESS { cache = created }
    }

    /// The pipeline for `shader` with specialization constants 1, 2, … set to `constants`
    /// (constant 0 is the workgroup size); `float32Math` picks the fp16-storage variant in a
    /// float16-arithmetic context.
    func pipeline(_ shader: String, constants: [Int32] = [], float32Math: Bool = false) throws -> VkPipeline {
        let variant = (float32Math && precision == .fp16) ? GPUPrecision.fp16Storage : precision
        let key = "\(shader)/\(variant.shaderVariant)/\(constants.map(String.init).joined(separator: ","))"
        if let existing = pipelines[key] { return existing }
        let start = Date()
        defer { buildSeconds += Date().timeIntervalSince(start) }
        let module = try shaderModule("\(shader)/\(variant.shaderVariant)")
        let values: [Int32] = [Int32(Self.workgroupSize)] + constants
        var entries = values.indices.map { index in
            VkSpecializationMapEntry(constantID: UInt32(index), offset: UInt32(index * 4), size: 4)
        }
        var data = values
        var pipeline: VkPipeline?
        let result = entries.withUnsafeMutableBufferPointer { entryBuffer in
            data.withUnsafeMutableBytes { dataBytes in
                "main".withCString { entryName -> VkResult in
                    var specialization = VkSpecializationInfo()
                    specialization.mapEntryCount = UInt32(entryBuffer.count)
                    specialization.pMapEntries = UnsafePointer(entryBuffer.baseAddress)
                    specialization.dataSize = dataBytes.count
                    specialization.pData = UnsafeRawPointer(dataBytes.baseAddress)
                    return withUnsafePointer(to: &specialization) { specializationPointer in
                        var stage = VkPipelineShaderStageCreateInfo()
                        stage.sType = VK_STRUCTURE_TYPE_PIPELINE_SHADER_STAGE_CREATE_INFO
                        stage.stage = VK_SHADER_STAGE_COMPUTE_BIT
                        stage.module = module
                        stage.pName = entryName
                        stage.pSpecializationInfo = specializationPointer
                        var info = VkComputePipelineCreateInfo()
                        info.sType = VK_STRUCTURE_TYPE_COMPUTE_PIPELINE_CREATE_INFO
                        info.stage = stage
                        info.layout = layout
                        return vk.createComputePipelines(device, cache, 1, &info, nil, &pipeline)
                    }
                }
            }
        }
        try VulkanError.check(result, "vkCreateComputePipelines(\(key))")
        pipelines[key] = pipeline!
        return pipeline!
    }

    private func shaderModule(_ name: String) throws -> VkShaderModule {
        if let module = modules[name] { return module }
        guard let encoded = ShaderBinaries.spirv[name], let words = Data(base64Encoded: encoded) else {
            throw VulkanError("no compiled shader \(name) (run scripts/compile_shaders.sh)")
        }
        var module: VkShaderModule?
        try words.withUnsafeBytes { bytes in
            var info = VkShaderModuleCreateInfo()
            info.sType = VK_STRUCTURE_TYPE_SHADER_MODULE_CREATE_INFO
            info.codeSize = bytes.count
            info.pCode = bytes.baseAddress!.assumingMemoryBound(to: UInt32.self)
            try VulkanError.check(vk.createShaderModule(device, &info, nil, &module), "vkCreateShaderModule(\(name))")
        }
        modules[name] = module!
        return module!
    }

    /// Writes the pipeline cache to disk (atomically); failures only cost the next start its speed.
    func saveCache() {
        guard let cache, let cachePath else { return }
        var size = 0
        guard vk.getPipelineCacheData(device, cache, &size, nil) == VK_SUCCESS, size > 0 else { return }
        var bytes = [UInt8](repeating: 0, count: size)
        guard vk.getPipelineCacheData(device, cache, &size, &bytes) == VK_SUCCESS else { return }
        let url = URL(fileURLWithPath: cachePath)
        try? FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try? Data(bytes.prefix(size)).write(to: url, options: .atomic)
    }

    func destroyAll() {
        for pipeline in pipelines.values { vk.destroyPipeline(device, pipeline, nil) }
        for module in modules.values { vk.destroyShaderModule(device, module, nil) }
        if let cache { vk.destroyPipelineCache(device, cache, nil) }
        pipelines = [:]
        modules = [:]
    }
}
