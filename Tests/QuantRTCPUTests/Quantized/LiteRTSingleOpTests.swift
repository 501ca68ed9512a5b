import Foundation
import QuantRT
import QuantRTCPU
import QuantRTCore
import QuantRTFormat
import TestSupport
import XCTest

/// One-op quantized models run by LiteRT 2.3.0's reference kernels (`Tests/Fixtures/litert_ops`,
/// made by `scripts/make_litert_op_fixtures.py`): every op, dtype, broadcast and fused
/// activation variant there must be reproduced by our integer kernels within 1 LSB with at
/// least 99% of elements identical.
final class LiteRTSingleOpTests: XCTestCase {
    private let directory = SharedData.repositoryRoot + "/Tests/Fixtures/litert_ops"

    func testEveryFixtureMatchesLiteRT() throws {
        let names = try FileManager.default.contentsOfDirectory(atPath: directory)
            .filter { $0.hasSuffix(".tflite") }.map { String($0.dropLast(7)) }.sorted()
        XCTAssertFalse(names.isEmpty, "no fixtures in \(directory)")
        var failures: [String] = []
        for name in names {
            do {
                let graph = try TFLiteImporter.importModel(contentsOf: "\(directory)/\(name).tflite").graphs[0]
                let saved = try NPZArchive(contentsOf: "\(directory)/\(name).npz")
                for outcome in try NodeReplay.replay(0, of: graph, saved: saved, factories: ReferenceKernels.factories) {
                    let share = String(format: "%.2f%%", outcome.identical * 100)
                    print("litert op \(name): max \(Int(outcome.maxDifference)) LSB, \(share) identical of \(outcome.elements)")
                    if outcome.maxDifference > 1 || outcome.identical < 0.99 { failures.append("\(name): \(outcome)") }
                }
            } catch {
                failures.append("\(name): \(error)")
            }
        }
        XCTAssert(failures.isEmpty, "\(failures.count) fixture(s) off:\n" + failures.joined(separator: "\n"))
    }
}
