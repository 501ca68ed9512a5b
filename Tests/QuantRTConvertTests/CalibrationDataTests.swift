import Foundation
import QuantRTConvert
import QuantRTCore
import QuantRTFormat
import XCTest

/// Loading the representative dataset: the accepted layouts, and errors that name the file,
/// the input and what was expected.
final class CalibrationDataTests: XCTestCase {
    private var directory = ""

    override func setUpWithError() throws {
        directory = NSTemporaryDirectory() + "quantrt-calibration-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let path = directory
        addTeardownBlock { try? FileManager.default.removeItem(atPath: path) }
    }

    private func write(_ name: String, _ tensor: HostTensor) throws -> String {
        let path = directory + "/" + name
        try NPY.write(tensor, to: path)
        return path
    }

    private func images(_ count: Int, value: Float = 0.5) -> HostTensor {
        HostTensor(shape: [count, 6, 6, 2], floats: [Float](repeating: value, count: count * 72))
    }

    private func assertFails(_ sources: [CalibrationSource], mentioning fragments: [String], file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertThrowsError(try CalibrationDataset.load(sources, for: SmallModels.cnn()), file: file, line: line) { error in
            for fragment in fragments { XCTAssertTrue("\(error)".contains(fragment), "'\(error)' does not mention '\(fragment)'", file: file, line: line) }
        }
    }

    func testStackedFileGivesOneSamplePerRow() throws {
        let path = try write("x.npy", images(3))
        let dataset = try CalibrationDataset.load([CalibrationSource(argument: path)], for: SmallModels.cnn())
        XCTAssertEqual(dataset.samples["serving_default"]?.count, 3)
        XCTAssertEqual(dataset.samples["serving_default"]?[0][0].shape, [1, 6, 6, 2])
    }

    func testDirectoryGivesOneSamplePerFile() throws {
        try FileManager.default.createDirectory(atPath: directory + "/samples", withIntermediateDirectories: true)
        for i in 0..<4 { _ = try write("samples/\(i).npy", HostTensor(shape: [1, 6, 6, 2], floats: [Float](repeating: Float(i), count: 72))) }
        let dataset = try CalibrationDataset.load([CalibrationSource(argument: "image=" + directory + "/samples")], for: SmallModels.cnn())
        XCTAssertEqual(dataset.samples["serving_default"]?.count, 4)
    }

    func testKeyedArgumentsParse() {
        XCTAssertEqual(CalibrationSource(argument: "encode:image=a.npy"), CalibrationSource(signature: "encode", input: "image", path: "a.npy"))
        XCTAssertEqual(CalibrationSource(argument: "image=a.npy"), CalibrationSource(input: "image", path: "a.npy"))
        XCTAssertEqual(CalibrationSource(argument: "a.npy"), CalibrationSource(path: "a.npy"))
    }

    func testWrongShapeNamesFileInputAndExpectedShape() throws {
        let path = try write("bad.npy", HostTensor(shape: [4, 5, 5, 2], floats: [Float](repeating: 0, count: 200)))
        assertFails([CalibrationSource(argument: path)], mentioning: [path, "'image'", "[N,6,6,2]"])
    }

    func testWrongDTypeIsAnError() throws {
        let path = try write("ints.npy", HostTensor(dtype: .int32, shape: [2, 6, 6, 2], bytes: [UInt8](repeating: 0, count: 2 * 72 * 4)))
        assertFails([CalibrationSource(argument: path)], mentioning: [path, "int32", "float32"])
    }

    func testNaNAndInfAreErrors() throws {
        var values = [Float](repeating: 0, count: 3 * 72)
        values[100] = .nan
        let nan = try write("nan.npy", HostTensor(shape: [3, 6, 6, 2], floats: values))
        assertFails([CalibrationSource(argument: nan)], mentioning: [nan, "sample 1", "nan"])
        let inf = try write("inf.npy", images(2, value: .infinity))
        assertFails([CalibrationSource(argument: inf)], mentioning: [inf, "inf"])
    }

    func testEmptyDataIsAnError() throws {
        let path = try write("empty.npy", images(0))
        assertFails([CalibrationSource(argument: path)], mentioning: [path, "no samples"])
        try FileManager.default.createDirectory(atPath: directory + "/none", withIntermediateDirectories: true)
        assertFails([CalibrationSource(argument: directory + "/none")], mentioning: ["no .npy files"])
    }

    func testUnknownSignatureOrInputListsTheKnownOnes() throws {
        let path = try write("x.npy", images(2))
        assertFails([CalibrationSource(argument: "decode:image=" + path)], mentioning: [path, "no signature 'decode'", "serving_default"])
        assertFails([CalibrationSource(argument: "label=" + path)], mentioning: [path, "no input 'label'", "image"])
        assertFails([CalibrationSource(argument: directory + "/missing.npy")], mentioning: ["missing.npy", "no such file"])
    }
}
