import Foundation
import QuantRTCPU
import QuantRTCore
import XCTest

final class SoftmaxKernelTests: XCTestCase {
    func testSoftmaxRowsSumToOneAndSurviveLargeLogits() throws {
        let out = try run1(.softmax(beta: 1), [input(floats([2, 3], [1, 2, 3, 1000, 1000, 1000]))], .float32, [2, 3]).values(as: Float.self)
        let e1 = exp(1.0), e2 = exp(2.0), e3 = exp(3.0), s = e1 + e2 + e3
        assertClose(out, [e1 / s, e2 / s, e3 / s, 1.0 / 3, 1.0 / 3, 1.0 / 3].map { Float($0) })
    }

    func testSoftmaxBetaAndLogSoftmax() throws {
        let x: [Float] = [0.5, -1, 2, 0]
        let beta: Float = 0.7
        let out = try run1(.softmax(beta: beta), [input(floats([4], x))], .float32, [4]).values(as: Float.self)
        let exps = x.map { exp(Double($0 * beta)) }, sum = exps.reduce(0, +)
        assertClose(out, exps.map { Float($0 / sum) })
        let logOut = try run1(.logSoftmax, [input(floats([1, 4], x))], .float32, [1, 4]).values(as: Float.self)
        let logSum = log(x.map { exp(Double($0)) }.reduce(0, +))
        assertClose(logOut, x.map { Float(Double($0) - logSum) })
    }

    func testRandomSoftmaxMatchesNaive() throws {
        var rng = SeededGenerator(seed: 5)
        for _ in 0..<20 {
            let dims = rng.shape(rank: 1...4, dims: 1...6)
            let x = rng.floats(Shape(dims).elementCount, -20...20)
            let beta = Float.random(in: 0.1...2, using: &rng)
            let depth = dims.last!
            var expected: [Float] = []
            for row in 0..<(x.count / depth) {
                let r = x[(row * depth)..<((row + 1) * depth)].map { Double($0) * Double(beta) }
                let m = r.max()!
                let s = r.map { exp($0 - m) }.reduce(0, +)
                expected += r.map { Float(exp($0 - m) / s) }
            }
            let out = try run1(.softmax(beta: beta), [input(floats(dims, x))], .float32, dims)
            assertClose(out.values(as: Float.self), expected, relative: 2e-6)
        }
    }

    func testL2NormalizationAndItsEpsilon() throws {
        let out = try run1(.l2Normalization(.none), [input(floats([2, 2], [3, 4, 0, 0]))], .float32, [2, 2]).values(as: Float.self)
        XCTAssertEqual(out, [0.6, 0.8, 0, 0])
        // A norm below 1e-6 is replaced by 1e-6: [1e-7, 0] becomes [0.1, 0].
        let tiny = try run1(.l2Normalization(.none), [input(floats([2], [1e-7, 0]))], .float32, [2]).values(as: Float.self)
        assertClose(tiny, [0.1, 0])
    }

    func testErrors() {
        // The integer kernel writes probabilities at scale 1/256, zero point −128, like TFLite.
        assertKernelError(.unsupported, containing: ["SOFTMAX", "scale 0.00390625, zero point -128"]) {
            try run1(.softmax(beta: 1), [input(tensor(.int8, [2], [Int8(1), 2]))], .int8, [2],
                     quantization: [0: Quantization(scales: [0.1], zeroPoints: [0]), 1: Quantization(scales: [0.1], zeroPoints: [0])])
        }
        assertKernelError(.invalidNode, containing: ["LOG_SOFTMAX", "[2,2]"]) {
            try run1(.logSoftmax, [input(floats([4], [1, 2, 3, 4]))], .float32, [2, 2])
        }
    }
}
