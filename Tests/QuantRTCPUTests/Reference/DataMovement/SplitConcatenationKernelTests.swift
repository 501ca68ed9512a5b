import QuantRTCPU
import QuantRTCore
import TestSupport
import XCTest

final class SplitConcatenationKernelTests: XCTestCase {
    private let x = floats([2, 4], [1, 2, 3, 4, 5, 6, 7, 8])

    private func outputs(_ op: Op, _ inputs: [(HostTensor, constant: Bool)], _ shapes: [[Int]], dtype: DType = .float32) throws -> [[Float]] {
        try KernelHarness.reference(op, inputs: inputs, outputs: shapes.map { (dtype, Shape($0)) }).map { $0.floatValues() }
    }

    func testSplitSplitVAndUnpack() throws {
        XCTAssertEqual(try outputs(.split(numSplits: 2), [constant(int32s([], [-1])), input(x)], [[2, 2], [2, 2]]),
                       [[1, 2, 5, 6], [3, 4, 7, 8]])
        XCTAssertEqual(try outputs(.splitV(numSplits: 3), [input(x), constant(int32s([1, -1, 0])), constant(int32s([], [1]))], [[2, 1], [2, 3], [2, 0]]),
                       [[1, 5], [2, 3, 4, 6, 7, 8], []])
        XCTAssertEqual(try outputs(.unpack(axis: 0, count: 2), [input(x)], [[4], [4]]), [[1, 2, 3, 4], [5, 6, 7, 8]])
        XCTAssertEqual(try outputs(.unpack(axis: -1, count: 4), [input(x)], [[2], [2], [2], [2]]), [[1, 5], [2, 6], [3, 7], [4, 8]])
    }

    func testConcatenationAndPack() throws {
        let y = floats([2, 1], [-9, 9])
        XCTAssertEqual(try run1(.concatenation(axis: -1, activation: .relu6), [input(x), input(y)], .float32, [2, 5]).values(as: Float.self),
                       [1, 2, 3, 4, 0, 5, 6, 6, 6, 6])
        XCTAssertEqual(try run1(.pack(axis: 1, count: 2), [input(floats([2], [1, 2])), input(floats([2], [3, 4]))], .float32, [2, 2]).values(as: Float.self),
                       [1, 3, 2, 4])
        // The activation applies to float32 only: int8 values pass unchanged.
        let a = tensor(.int8, [2], [Int8(-3), 100])
        XCTAssertEqual(try run1(.concatenation(axis: 0, activation: .relu6), [input(a), constant(a)], .int8, [4]).values(as: Int8.self), [-3, 100, -3, 100])
    }

    func testRandomConcatenationAndSplitRoundTrip() throws {
        var rng = SeededGenerator(seed: 12)
        for _ in 0..<25 {
            let dims = rng.shape(rank: 1...4, dims: 1...3)
            let axis = Int.random(in: 0..<dims.count, using: &rng)
            let parts = (0..<Int.random(in: 1...4, using: &rng)).map { _ -> [Int] in
                var d = dims
                d[axis] = Int.random(in: 0...3, using: &rng)
                return d
            }
            var next: Int16 = 0
            let values = parts.map { d in (0..<Shape(d).elementCount).map { _ -> Int16 in next += 1; return next } }
            var outDims = dims
            outDims[axis] = parts.reduce(0) { $0 + $1[axis] }
            let negative = Bool.random(using: &rng)
            let op = Op.concatenation(axis: negative ? axis - dims.count : axis, activation: .none)
            let out = try run1(op, zip(parts, values).map { input(tensor(.int16, $0, $1)) }, .int16, outDims).values(as: Int16.self)
            // Naive: for each output element find the part its axis coordinate falls in.
            let expected = (0..<Shape(outDims).elementCount).map { i -> Int16 in
                var index = multiIndex(i, outDims)
                var part = 0
                while index[axis] >= parts[part][axis] { index[axis] -= parts[part][axis]; part += 1 }
                return values[part][flatIndex(index, parts[part])]
            }
            XCTAssertEqual(out, expected)
            // SPLIT_V with the same sizes gives the parts back.
            let split = try KernelHarness.reference(.splitV(numSplits: parts.count),
                                                    inputs: [input(tensor(.int16, outDims, out)), constant(int32s(parts.map { $0[axis] })), constant(int32s([], [Int32(axis)]))],
                                                    outputs: parts.map { (.int16, Shape($0)) })
            XCTAssertEqual(split.map { $0.values(as: Int16.self) }, values)
        }
    }

    func testErrors() {
        assertKernelError(.invalidNode, containing: ["SPLIT", "3 equal parts"]) {
            try self.outputs(.split(numSplits: 3), [constant(int32s([], [1])), input(self.x)], [[2, 1], [2, 1], [2, 1]])
        }
        assertKernelError(.invalidNode, containing: ["SPLIT_V", "add up"]) {
            try self.outputs(.splitV(numSplits: 2), [input(self.x), constant(int32s([1, 1])), constant(int32s([], [1]))], [[2, 1], [2, 1]])
        }
        assertKernelError(.invalidNode, containing: ["CONCATENATION", "does not match"]) {
            try run1(.concatenation(axis: 0, activation: .none), [input(self.x), input(floats([3], [1, 2, 3]))], .float32, [3, 4])
        }
        // Differing quantization is requantized by the integer kernel: (1 − 3)·1 / 2 + 3 = 2.
        XCTAssertEqual(try run1(.concatenation(axis: 0, activation: .none), [input(tensor(.int8, [1], [Int8(1)])), input(tensor(.int8, [1], [Int8(1)]))], .int8, [2],
                                quantization: [0: Quantization(scales: [1], zeroPoints: [3]), 1: Quantization(scales: [1], zeroPoints: [3]), 2: Quantization(scales: [2], zeroPoints: [3])]).values(as: Int8.self), [2, 2])
        assertKernelError(.unsupported, containing: ["SPLIT", "axis", "constant"]) {
            try self.outputs(.split(numSplits: 2), [input(int32s([], [1])), input(self.x)], [[2, 2], [2, 2]])
        }
    }
}
