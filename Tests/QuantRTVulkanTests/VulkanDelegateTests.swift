import Foundation
import QuantRT
import QuantRTCPU
import QuantRTCore
import QuantRTVulkan
import TestSupport
import XCTest

/// Availability, fallback, precision choice, caches and the build-time shader embedding.
final class VulkanDelegateTests: XCTestCase {
    private func smallGraph() -> (Model, [HostTensor]) {
        var b = GraphBuilder()
        let x = b.input([1, 4, 4, 3])
        let w = b.constant([5, 3, 3, 3], (0..<135).map { Float($0 % 7) * 0.1 - 0.3 })
        let y = b.node(.conv2D(Conv2DAttributes(padding: .same, activation: .relu)), [x, w], output: [1, 4, 4, 5])
        let z = b.node(.logistic, [y], output: [1, 4, 4, 5])
        return (Model(graphs: [b.graph(outputs: [z])]), [HostTensor(shape: [1, 4, 4, 3], floats: (0..<48).map { Float($0) / 48 })])
    }

    func testMissingLoaderMakesTheDelegateUnavailableAndTheCPURuns() throws {
        let gpu = VulkanDelegate(options: VulkanOptions(loaderPath: "/nonexistent/libvulkan.so.1"))
        XCTAssertFalse(gpu.isAvailable)
        XCTAssertTrue(gpu.unavailableReason?.contains("cannot open the Vulkan loader") == true, gpu.unavailableReason ?? "")
        XCTAssertTrue(gpu.summary.hasPrefix("gpu unavailable"))
        let (model, inputs) = smallGraph()
        let runner = try Interpreter(model: model, delegates: [gpu, CPUDelegate()]).runner()
        XCTAssertTrue(runner.partitionPlan.assignments.allSatisfy { $0.delegateName == "cpu" })
        XCTAssertTrue(runner.partitionPlan.assignments[0].refusals[0].reason.contains("GPU unavailable"))
        let expected = try Interpreter(model: model, delegates: [], fallback: ReferenceDelegate()).runner().run(inputs)
        for (a, e) in zip(try runner.run(inputs)[0].floatValues(), expected[0].floatValues()) { XCTAssertEqual(a, e, accuracy: 1e-5) }
    }

    func testNoMatchingDeviceIsUnavailableWithTheDeviceList() throws {
        _ = try VulkanTestDevice.delegate()
        let gpu = VulkanDelegate(options: VulkanOptions(device: "no-such-device"))
        XCTAssertFalse(gpu.isAvailable)
        XCTAssertTrue(gpu.unavailableReason?.contains("no usable Vulkan device matches 'no-such-device'") == true, gpu.unavailableReason ?? "")
    }

    func testDeviceByIndexAndReport() throws {
        let best = try VulkanTestDevice.delegate()
        let info = try XCTUnwrap(best.deviceInfo)
        let byIndex = VulkanDelegate(options: VulkanOptions(device: "\(info.index)"))
        XCTAssertEqual(byIndex.deviceInfo?.name, info.name)
        XCTAssertTrue(best.summary.contains(info.name) && best.summary.contains("precision"), best.summary)
        if info.kind == "cpu" { XCTAssertTrue(info.isSoftware && best.summary.contains("software device")) }
    }

    func testEveryPrecisionIsExercisedWhereTheDeviceHasIt() throws {
        let best = try VulkanTestDevice.delegate()
        for precision in GPUPrecision.allCases where precision <= best.precision! {
            let gpu = try VulkanTestDevice.delegate(precision)
            XCTAssertEqual(gpu.precision, precision)
            XCTAssertTrue(gpu.summary.contains("precision \(precision)"), gpu.summary)
        }
    }

    /// fp16's range ends at 65504: a product of 300 × 300 overflows in float16 storage. The
    /// per-op checks catch that (non-finite where the reference is finite), and fp32 fixes it.
    func testFloat16OverflowIsDetectedAndFloat32Avoids() throws {
        let fp16 = try VulkanTestDevice.delegate(.fp16Storage)
        let fp32 = try VulkanTestDevice.delegate(.fp32)
        var b = GraphBuilder()
        let x = b.input([4])
        let y = b.node(.mul(.none), [x, x], output: [4])
        let model = Model(graphs: [b.graph(outputs: [y])])
        let input = HostTensor(shape: [4], floats: [300, -300, 2, 0.5])
        let half = try Interpreter(model: model, delegates: [fp16]).runner().run([input])[0].floatValues()
        XCTAssertTrue(half[0].isInfinite && half[1].isInfinite, "\(half)")
        XCTAssertEqual(half[2], 4)
        let full = try Interpreter(model: model, delegates: [fp32]).runner().run([input])[0].floatValues()
        XCTAssertEqual(full, [90000, 90000, 4, 0.25])
    }

    func testPerOpFloat32ArithmeticOverride() throws {
        let best = try VulkanTestDevice.delegate()
        guard best.precision == .fp16 else { throw XCTSkip("the device has no float16 arithmetic") }
        let gpu = VulkanDelegate(options: VulkanOptions(precision: .fp16, float32Ops: ["ADD"]))
        var b = GraphBuilder()
        let x = b.input([3])
        let y = b.node(.add(.none), [x, x], output: [3])
        let model = Model(graphs: [b.graph(outputs: [y])])
        let out = try Interpreter(model: model, delegates: [gpu]).runner().run([HostTensor(shape: [3], floats: [1, 2, 3])])[0]
        XCTAssertEqual(out.floatValues(), [2, 4, 6])
    }

    func testPipelineCacheIsWrittenAndReadBackByTheNextDelegate() throws {
        _ = try VulkanTestDevice.delegate()
        let directory = NSTemporaryDirectory() + "quantrt-gpu-cache-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let (model, inputs) = smallGraph()
        let first = VulkanDelegate(options: VulkanOptions(cacheDirectory: directory))
        XCTAssertEqual(first.loadedPipelineCacheBytes, 0)
        _ = try Interpreter(model: model, delegates: [first]).runner().run(inputs)
        let files = try FileManager.default.contentsOfDirectory(atPath: directory)
        XCTAssertEqual(files.count, 1, "\(files)")
        let second = VulkanDelegate(options: VulkanOptions(cacheDirectory: directory))
        XCTAssertGreaterThan(second.loadedPipelineCacheBytes, 0)
    }

    func testDequantizeOfFloat16WeightsIsFoldedNotDispatched() throws {
        let gpu = try VulkanTestDevice.delegate()
        var b = GraphBuilder()
        let x = b.input([2, 6])
        let w = b.float16Constant([3, 6], (0..<18).map { Float($0) * 0.125 })
        let y = b.node(.fullyConnected(FullyConnectedAttributes()), [x, w], output: [2, 3])
        let model = Model(graphs: [b.graph(outputs: [y])])
        let before = gpu.partitionReports.count
        let runner = try Interpreter(model: model, delegates: [gpu]).runner()
        XCTAssertEqual(runner.partitionPlan.partitions.count, 1)
        XCTAssertEqual(runner.partitionPlan.partitions[0].nodes.count, 2)
        // Input conversion, the FULLY_CONNECTED, output conversion: no dispatch for the DEQUANTIZE.
        XCTAssertEqual(gpu.partitionReports[before].dispatches, 3)
        XCTAssertEqual(gpu.partitionReports[before].weightBytes, 256)  // 18 float16 values, one aligned block
    }

    func testEmbeddedShadersMatchTheSources() throws {
        let directory = SharedData.repositoryRoot + "/Shaders"
        let sources = try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.hasSuffix(".comp") }.sorted()
        let embedded = VulkanDelegate.shaderSourceHashes
        XCTAssertEqual(Set(sources.map { String($0.dropLast(5)) }), Set(embedded.keys), "run scripts/compile_shaders.sh")
        for source in sources {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/bin/sh")
            process.arguments = ["-c", "cat '\(directory)/common.glsl' '\(directory)/\(source)' | sha256sum"]
            let pipe = Pipe()
            process.standardOutput = pipe
            try process.run()
            let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            let hash = String(output.prefix(64))
            XCTAssertEqual(embedded[String(source.dropLast(5))], hash, "\(source) changed since scripts/compile_shaders.sh last ran")
        }
    }
}
