// swift-tools-version: 6.1
import Foundation
import PackageDescription

let package = Package(
    name: "QuantRT",
    products: [
        .library(name: "QuantRT", targets: ["QuantRTCore", "QuantRTFormat", "QuantRT", "QuantRTCPU", "QuantRTConvert", "QuantRTVulkan"]),
        .executable(name: "qrun", targets: ["qrun"]),
        .executable(name: "qconvert", targets: ["qconvert"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    ],
    targets: [
        .target(name: "QuantRTCore"),
        .target(name: "QuantRTFormat", dependencies: ["QuantRTCore"]),
        .target(name: "QuantRT", dependencies: ["QuantRTCore"]),
        // AVX2/FMA microkernels with run-time dispatch: Swift cannot emit them per function.
        .target(name: "CQuantRTKernels"),
        .target(name: "QuantRTCPU", dependencies: ["QuantRTCore", "QuantRT", "CQuantRTKernels"]),
        // Post-training quantization: calibration, the quantization passes per mode, fp16, reports.
        .target(name: "QuantRTConvert", dependencies: ["QuantRTCore", "QuantRTFormat", "QuantRT", "QuantRTCPU"]),
        // Vulkan's headers only: the loader is dlopen'ed at run time, never linked.
        .target(name: "CVulkan", linkerSettings: [.linkedLibrary("dl")]),
        // The Vulkan compute delegate (issue 4); QuantRTCPU's reference kernels fold constant chains at prepare.
        .target(name: "QuantRTVulkan", dependencies: ["QuantRTCore", "QuantRT", "QuantRTCPU", "CVulkan"]),
        .executableTarget(name: "qrun", dependencies: [
            "QuantRTCore", "QuantRTFormat", "QuantRT", "QuantRTCPU", "QuantRTVulkan",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        .executableTarget(name: "qconvert", dependencies: [
            "QuantRTCore", "QuantRTFormat", "QuantRTConvert",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        // zlib, for the tests only: LiteRT's reference tensors come as compressed .npz archives.
        .systemLibrary(name: "CZlib", path: "Tests/CZlib"),
        .target(name: "TestSupport", dependencies: ["QuantRTCore", "QuantRTFormat", "QuantRT", "QuantRTCPU", "CZlib"], path: "Tests/TestSupport"),
        .testTarget(name: "QuantRTCoreTests", dependencies: ["QuantRTCore", "TestSupport"]),
        .testTarget(name: "QuantRTFormatTests", dependencies: ["QuantRTCore", "QuantRTFormat", "TestSupport"]),
        .testTarget(name: "QuantRTTests", dependencies: ["QuantRTCore", "QuantRT", "QuantRTCPU", "QuantRTFormat", "TestSupport"]),
        .testTarget(name: "QuantRTCPUTests", dependencies: ["QuantRTCore", "QuantRT", "QuantRTCPU", "QuantRTFormat", "TestSupport"]),
        .testTarget(name: "QuantRTConvertTests", dependencies: ["QuantRTCore", "QuantRT", "QuantRTCPU", "QuantRTFormat", "QuantRTConvert", "TestSupport"]),
        .testTarget(name: "QuantRTVulkanTests", dependencies: ["QuantRTCore", "QuantRT", "QuantRTCPU", "QuantRTFormat", "QuantRTVulkan", "TestSupport"]),
        // Depends on the executables so `swift test` builds them; the tests run the binaries.
        .testTarget(name: "CLITests", dependencies: ["qrun", "qconvert", "QuantRTCore", "QuantRTFormat", "TestSupport"]),
    ],
    swiftLanguageModes: [.v6]
)

// The ordo-one/benchmark suites build only when asked for, so the tests and CI never pay for
// them: `QUANTRT_BENCHMARKS=1 swift package benchmark` (see Benchmarks/README.md).
if ProcessInfo.processInfo.environment["QUANTRT_BENCHMARKS"] != nil {
    package.dependencies.append(.package(url: "https://github.com/ordo-one/benchmark", from: "1.38.1", traits: ["MallocInterposer"]))
    package.targets.append(.executableTarget(
        name: "KernelBenchmarks",
        dependencies: ["QuantRTCore", "QuantRTFormat", "QuantRT", "QuantRTCPU", "TestSupport", .product(name: "Benchmark", package: "benchmark")],
        path: "Benchmarks/KernelBenchmarks",
        plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]))
}
