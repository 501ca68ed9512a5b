import Foundation
import QuantRT
import QuantRTCPU
import QuantRTCore
import QuantRTFormat
import QuantRTVulkan
import TestSupport
import XCTest

/// The target models on the GPU delegate (best precision: float16 on lavapipe) against LiteRT's
/// outputs: all on the GPU in one partition, cosine ≥ 0.999 and max |ours − LiteRT| ≤ 1% of the
/// reference output's range (of its largest magnitude when the output is a single value).
final class GPULiteRTConformanceTests: XCTestCase {
    static let minimumCosine = 0.999
    static let maximumErrorOfRange = 0.01

    private func shared() throws -> String {
        guard let root = SharedData.root else { throw XCTSkip(SharedData.absentMessage) }
        guard SharedData.exists(root + "/refdata") else { throw XCTSkip("\(root)/refdata is absent: GPU conformance tests skipped") }
        return root
    }

    private func check(model: Model, name: String, refs: String, input: String, outputs: [String], samples: Int = 2,
                       file: StaticString = #filePath, line: UInt = #line) throws {
        let gpu = try VulkanTestDevice.delegate()
        let runner = try Interpreter(model: model, delegates: [gpu]).runner()
        XCTAssertEqual(runner.partitionPlan.partitions.count, 1, "\(name): \(runner.partitionPlan.partitions.map(\.delegateName))", file: file, line: line)
        XCTAssertEqual(runner.partitionPlan.partitions.first?.delegateName, "gpu", file: file, line: line)
        for sample in 0..<samples {
            let nn = String(format: "%02d", sample)
            guard SharedData.exists("\(refs)/\(input)\(nn).npy") else { continue }
            let results = try runner.run([try NPY.read(contentsOf: SharedData.resolve("\(refs)/\(input)\(nn).npy"))])
            for (ours, output) in zip(results, outputs) {
                let reference = try NPY.read(contentsOf: SharedData.resolve("\(refs)/\(output)\(nn).npy")).floatValues().map(Double.init)
                let values = ours.floatValues().map(Double.init)
                XCTAssertEqual(values.count, reference.count, file: file, line: line)
                XCTAssertTrue(values.allSatisfy(\.isFinite), "\(name) \(output)\(nn): non-finite values", file: file, line: line)
                let dot = zip(values, reference).map(*).reduce(0, +)
                let norms = (values.map { $0 * $0 }.reduce(0, +) * reference.map { $0 * $0 }.reduce(0, +)).squareRoot()
                let cosine = norms == 0 ? 1 : dot / norms
                let range = (reference.max() ?? 0) - (reference.min() ?? 0)
                let scale = range > 0 ? range : max(reference.map(abs).max() ?? 0, 1e-6)
                let worst = zip(values, reference).map { abs($0 - $1) }.max() ?? 0
                XCTAssertGreaterThanOrEqual(cosine, Self.minimumCosine, "\(name) \(output)\(nn)", file: file, line: line)
                XCTAssertLessThanOrEqual(worst, Self.maximumErrorOfRange * scale, "\(name) \(output)\(nn): max error \(worst), range \(range)",
                                         file: file, line: line)
            }
        }
    }

    private func mediapipe(_ name: String) throws {
        let root = try shared()
        let refs = root + "/refdata/" + name
        let outputs = (0..<8).map { "output\($0)_" }.filter { SharedData.exists(refs + "/" + $0 + "00.npy") }
        let (model, _) = try ModelLoader.load(contentsOf: root + "/models/mediapipe/\(name).tflite")
        try check(model: model, name: name, refs: refs, input: "input_", outputs: outputs)
    }

    func testFaceDetectionShortRange() throws { try mediapipe("face_detection_short_range") }
    func testFaceDetectionFullRangeSparse() throws { try mediapipe("face_detection_full_range_sparse") }
    func testFaceLandmark() throws { try mediapipe("face_landmark") }
    func testHandLandmarkLite() throws { try mediapipe("hand_landmark_lite") }
    func testPalmDetectionLite() throws { try mediapipe("palm_detection_lite") }

    func testMobileNetV2Float16TFLiteAndBin() throws {
        let root = try shared()
        let refs = root + "/refdata/mobilenet_v2"
        let (model, _) = try ModelLoader.load(contentsOf: root + "/models/mobilenet_v2/fp16.tflite")
        try check(model: model, name: "mobilenet_v2 fp16.tflite", refs: refs, input: "fp16_raw_input_", outputs: ["fp16_raw_output_"])
        // The same model through our .bin format.
        let path = NSTemporaryDirectory() + "quantrt-gpu-\(UUID().uuidString).bin"
        defer { try? FileManager.default.removeItem(atPath: path) }
        try ModelFile.write(model, to: path)
        let (reloaded, format) = try ModelLoader.load(contentsOf: path)
        XCTAssertEqual(format, .quantRT)
        try check(model: reloaded, name: "mobilenet_v2 fp16.bin", refs: refs, input: "fp16_raw_input_", outputs: ["fp16_raw_output_"], samples: 1)
    }
}
