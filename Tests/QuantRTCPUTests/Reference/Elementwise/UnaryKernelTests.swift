import Foundation
import QuantRTCPU
import QuantRTCore
import XCTest

final class UnaryKernelTests: XCTestCase {
    private func unary(_ op: Op, _ x: [Float]) throws -> [Float] {
        try run1(op, [input(floats([x.count], x))], .float32, [x.count]).values(as: Float.self)
    }

    func testHandComputedValues() throws {
        let x: [Float] = [-8, -1.5, -0.5, 0, 0.5, 2, 7]
        XCTAssertEqual(try unary(.relu, x), [0, 0, 0, 0, 0.5, 2, 7])
        XCTAssertEqual(try unary(.relu6, x), [0, 0, 0, 0, 0.5, 2, 6])
        XCTAssertEqual(try unary(.reluN1To1, x), [-1, -1, -0.5, 0, 0.5, 1, 1])
        XCTAssertEqual(try unary(.leakyRelu(alpha: 0.25), x), [-2, -0.375, -0.125, 0, 0.5, 2, 7])
        XCTAssertEqual(try unary(.hardSwish, [-4, -3, -1, 0, 1, 3, 4]), [0, 0, -1.0 / 3, 0, 2.0 / 3, 3, 4].map { Float($0) })
        XCTAssertEqual(try unary(.neg, x), x.map { -$0 })
        XCTAssertEqual(try unary(.abs, x), x.map { Swift.abs($0) })
        XCTAssertEqual(try unary(.square, x), x.map { $0 * $0 })
        XCTAssertEqual(try unary(.sqrt, [0, 4, 9]), [0, 2, 3])
        XCTAssertEqual(try unary(.rsqrt, [4, 0.25]), [0.5, 2])
        assertClose(try unary(.logistic, [0, 100, -100]), [0.5, 1, 0])
        assertClose(try unary(.tanh, [0, 1]), [0, 0.7615941559557649])
        assertClose(try unary(.exp, [0, 1]), [1, 2.718281828459045])
        assertClose(try unary(.log, [1, 2.718281828459045]), [0, 1])
        // GELU(1): exact 0.8413447460685429, tanh approximation 0.8411919906082768.
        assertClose(try unary(.gelu(approximate: false), [1, -1, 0]), [0.8413447460685429, -0.15865525393145707, 0])
        assertClose(try unary(.gelu(approximate: true), [1, -1]), [0.8411919906082768, -0.15880800939172324])
    }

    func testRandomValuesMatchDoublePrecisionFormulas() throws {
        var rng = SeededGenerator(seed: 3)
        let cases: [(Op, (Double) -> Double, ClosedRange<Float>)] = [
            (.logistic, { 1 / (1 + Foundation.exp(-$0)) }, -10...10),
            (.tanh, { Foundation.tanh($0) }, -5...5),
            (.exp, { Foundation.exp($0) }, -10...10),
            (.log, { Foundation.log($0) }, 0.01...100),
            (.sqrt, { $0.squareRoot() }, 0...100),
            (.rsqrt, { 1 / $0.squareRoot() }, 0.01...100),
            (.gelu(approximate: false), { 0.5 * $0 * (1 + Foundation.erf($0 / 2.0.squareRoot())) }, -5...5),
            (.gelu(approximate: true), { 0.5 * $0 * (1 + Foundation.tanh((2 / Double.pi).squareRoot() * ($0 + 0.044715 * $0 * $0 * $0))) }, -5...5),
            (.hardSwish, { $0 * min(max($0 + 3, 0), 6) / 6 }, -5...5),
            (.leakyRelu(alpha: 0.1), { $0 > 0 ? $0 : 0.1 * $0 }, -5...5),
        ]
        for (op, f, range) in cases {
            let dims = rng.shape(rank: 1...4, dims: 1...5)
            let x = rng.floats(Shape(dims).elementCount, range)
            let out = try run1(op, [input(floats(dims, x))], .float32, dims).values(as: Float.self)
            // Float kernels against Double formulas: a few ulps apart.
            assertClose(out, x.map { Float(f(Double($0))) }, relative: 4e-6, "\(op)")
        }
    }

    func testInt32NegAndAbs() throws {
        let x = int32s([4], [-3, 0, 5, Int32.min])
        XCTAssertEqual(try run1(.neg, [input(x)], .int32, [4]).values(as: Int32.self), [3, 0, -5, Int32.min])
        XCTAssertEqual(try run1(.abs, [input(x)], .int32, [4]).values(as: Int32.self), [3, 0, 5, Int32.min])
    }

    func testErrors() {
        assertKernelError(.invalidNode, containing: ["RELU", "[3]"]) {
            try run1(.relu, [input(floats([2], [1, 2]))], .float32, [3])
        }
        // The integer kernel needs the output's quantization too.
        assertKernelError(.invalidNode, containing: ["TANH", "output", "per-tensor quantization"]) {
            try run1(.tanh, [input(tensor(.int8, [1], [Int8(1)]))], .int8, [1], quantization: [0: Quantization(scales: [1 / 128], zeroPoints: [0])])
        }
        assertKernelError(.unsupported, containing: ["EXP", "int32"]) {
            try run1(.exp, [input(int32s([1], [1]))], .int32, [1])
        }
    }
}
