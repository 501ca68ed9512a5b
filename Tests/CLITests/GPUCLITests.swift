import Foundation
import TestSupport
import XCTest

/// `qrun --delegate gpu`: fallback to the CPU with one notice line, one GPU partition, the
/// pipeline cache reused by a second process.
final class GPUCLITests: XCTestCase {
    private var model: String {
        get throws { CLI.fixtures + "/models/face_detection_short_range.tflite" }
    }

    private func gpuAvailable() throws {
        let probe = try CLI.run("qrun", [try model, "--delegate", "gpu"])
        if probe.stderr.contains("gpu unavailable") { throw XCTSkip("no Vulkan device: \(probe.stderr)") }
    }

    func testNoDriverFallsBackToCPUWithOneNotice() throws {
        for environment in [["VK_DRIVER_FILES": "/nonexistent", "VK_ICD_FILENAMES": "/nonexistent"],
                            ["QUANTRT_VULKAN_LOADER": "/nonexistent/libvulkan.so.1"]] {
            let result = try CLI.run("qrun", [try model, "--delegate", "gpu", "--show-partitions"], environment: environment)
            XCTAssertTrue(result.exitedNormally)
            XCTAssertEqual(result.status, 0, result.stderr)
            let lines = result.stderr.split(separator: "\n")
            XCTAssertEqual(lines.count, 1, "\(environment): \(result.stderr)")
            XCTAssertTrue(result.stderr.hasPrefix("qrun: notice: gpu unavailable"), result.stderr)
            XCTAssertTrue(result.stdout.contains("partition 0: cpu"), result.stdout)
        }
    }

    func testOneGPUPartitionAndTheDeviceLine() throws {
        try gpuAvailable()
        let result = try CLI.run("qrun", [try model, "--delegate", "vulkan", "--show-partitions", "--gpu-precision", "fp32"])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(result.stdout.contains("precision fp32"), result.stdout)
        XCTAssertTrue(result.stdout.contains("gpu init: device"), result.stdout)
        XCTAssertTrue(result.stdout.contains("partitions: 1 (gpu:"), result.stdout)
    }

    func testSecondProcessLoadsThePipelineCache() throws {
        try gpuAvailable()
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let environment = ["QUANTRT_GPU_CACHE_DIR": directory]
        let first = try CLI.run("qrun", [try model, "--delegate", "gpu"], environment: environment)
        XCTAssertTrue(first.stdout.contains("no pipeline cache on disk"), first.stdout)
        let second = try CLI.run("qrun", [try model, "--delegate", "gpu"], environment: environment)
        XCTAssertTrue(second.stdout.contains("bytes loaded"), second.stdout)
    }

    func testBadPrecisionIsAUsageError() throws {
        let result = try CLI.run("qrun", [try model, "--delegate", "gpu", "--gpu-precision", "fp8"])
        XCTAssertNotEqual(result.status, 0)
        XCTAssertTrue(result.stderr.contains("--gpu-precision"), result.stderr)
    }
}
