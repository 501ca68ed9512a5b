import QuantRTCPU
import QuantRTCore
import XCTest

final class BinaryKernelTests: XCTestCase {
    func testAddBroadcastsRowAgainstColumn() throws {
        let out = try run1(.add(.none), [input(floats([2, 1], [10, 20])), input(floats([3], [1, 2, 3]))], .float32, [2, 3])
        XCTAssertEqual(out.values(as: Float.self), [11, 12, 13, 21, 22, 23])
    }

    func testFusedActivationsClamp() throws {
        let a = floats([4], [-3, 1, 5, 9]), b = floats([4], [1, 1, 1, 1])
        XCTAssertEqual(try run1(.sub(.relu), [input(a), input(b)], .float32, [4]).values(as: Float.self), [0, 0, 4, 8])
        XCTAssertEqual(try run1(.mul(.relu6), [input(a), input(b)], .float32, [4]).values(as: Float.self), [0, 1, 5, 6])
        XCTAssertEqual(try run1(.div(.reluN1To1), [input(a), input(floats([1], [2]))], .float32, [4]).values(as: Float.self), [-1, 0.5, 1, 1])
    }

    func testMaximumMinimumSquaredDifferenceAndPrelu() throws {
        let a = floats([3], [-2, 0.5, 4]), b = floats([3], [1, 0.25, 4])
        XCTAssertEqual(try run1(.maximum, [input(a), input(b)], .float32, [3]).values(as: Float.self), [1, 0.5, 4])
        XCTAssertEqual(try run1(.minimum, [input(a), input(b)], .float32, [3]).values(as: Float.self), [-2, 0.25, 4])
        XCTAssertEqual(try run1(.squaredDifference, [input(a), input(b)], .float32, [3]).values(as: Float.self), [9, 0.0625, 0])
        // PRELU: alpha [2] broadcast over [2,2].
        let prelu = try run1(.prelu, [input(floats([2, 2], [-1, 2, -3, -4])), constant(floats([2], [0.5, 0.25]))], .float32, [2, 2])
        XCTAssertEqual(prelu.values(as: Float.self), [-0.5, 2, -1.5, -1])
    }

    func testInt32ArithmeticTruncatesAndWraps() throws {
        let a = int32s([4], [7, -7, Int32.max, Int32.min]), b = int32s([4], [2, 2, 1, -1])
        XCTAssertEqual(try run1(.div(.none), [input(a), input(b)], .int32, [4]).values(as: Int32.self), [3, -3, Int32.max, Int32.min])
        XCTAssertEqual(try run1(.add(.none), [input(a), input(b)], .int32, [4]).values(as: Int32.self), [9, -5, Int32.min, Int32.max])
        XCTAssertEqual(try run1(.mul(.relu), [input(a), input(b)], .int32, [4]).values(as: Int32.self), [14, 0, Int32.max, 0])
        XCTAssertEqual(try run1(.maximum, [input(a), input(int32s([1], [0]))], .int32, [4]).values(as: Int32.self), [7, 0, Int32.max, 0])
    }

    func testInt32DivisionByZeroIsInvalidData() {
        assertKernelError(.invalidData, containing: ["division by zero"]) {
            try run1(.div(.none), [input(int32s([2], [4, 5])), input(int32s([2], [1, 0]))], .int32, [2])
        }
    }

    func testRandomBroadcastingMatchesNaive() throws {
        var rng = SeededGenerator(seed: 1)
        let ops: [(Op, (Float, Float) -> Float)] = [
            (.add(.none), { $0 + $1 }), (.sub(.none), { $0 - $1 }), (.mul(.none), { $0 * $1 }),
            (.div(.relu), { max($0 / $1, 0) }), (.maximum, { $0 > $1 ? $0 : $1 }), (.minimum, { $0 < $1 ? $0 : $1 }),
            (.squaredDifference, { ($0 - $1) * ($0 - $1) }), (.add(.relu6), { min(max($0 + $1, 0), 6) }),
        ]
        for trial in 0..<60 {
            let (op, f) = ops[trial % ops.count]
            let outDims = rng.shape(rank: 0...6, dims: 1...4)
            // Each operand keeps a random suffix of the output's axes, with random axes set to 1.
            func operand() -> [Int] {
                let rank = Int.random(in: 0...outDims.count, using: &rng)
                return outDims.suffix(rank).map { Bool.random(using: &rng) ? 1 : $0 }
            }
            var a = operand(), b = operand()
            if Bool.random(using: &rng) { swap(&a, &b) }
            let expectedDims = naiveBroadcast(a, b)
            let av = rng.floats(Shape(a).elementCount), bv = rng.floats(Shape(b).elementCount, 0.5...2)
            let out = try run1(op, [input(floats(a, av)), input(floats(b, bv))], .float32, expectedDims)
            let expected = (0..<Shape(expectedDims).elementCount).map { i -> Float in
                let index = multiIndex(i, expectedDims)
                return f(av[broadcastSource(index, a)], bv[broadcastSource(index, b)])
            }
            assertClose(out.values(as: Float.self), expected, "\(op) \(a) \(b)")
        }
    }

    func testRandomPreluMatchesNaive() throws {
        var rng = SeededGenerator(seed: 2)
        for _ in 0..<20 {
            let dims = rng.shape(rank: 1...5, dims: 1...4)
            let alphaDims = dims.suffix(Int.random(in: 1...dims.count, using: &rng)).map { Bool.random(using: &rng) ? 1 : $0 }
            let x = rng.floats(Shape(dims).elementCount), alpha = rng.floats(Shape(alphaDims).elementCount)
            let out = try run1(.prelu, [input(floats(dims, x)), input(floats(alphaDims, alpha))], .float32, dims)
            let expected = x.indices.map { i in x[i] >= 0 ? x[i] : x[i] * alpha[broadcastSource(multiIndex(i, dims), alphaDims)] }
            assertClose(out.values(as: Float.self), expected)
        }
    }

    func testWrongOutputShapeIsInvalidNode() {
        assertKernelError(.invalidNode, containing: ["ADD", "out0", "[2,3]", "[3,2]"]) {
            try run1(.add(.none), [input(floats([2, 1], [1, 2])), input(floats([3], [1, 2, 3]))], .float32, [3, 2])
        }
        assertKernelError(.invalidNode, containing: ["do not broadcast"]) {
            try run1(.mul(.none), [input(floats([2], [1, 2])), input(floats([3], [1, 2, 3]))], .float32, [3])
        }
    }

    func testQuantizedAndFloat16InputsAreUnsupported() {
        let q = Quantization(scales: [0.5], zeroPoints: [0])
        let i8 = tensor(.int8, [2], [Int8(1), 2])
        // Quantized tensors are dispatched to the integer kernel: 0.5 + 0.5 and 1 + 1 at scale 0.5.
        XCTAssertEqual(try run1(.add(.none), [input(i8), input(i8)], .int8, [2], quantization: [0: q, 1: q, 2: q]).values(as: Int8.self), [2, 4])
        let h = tensor(.float16, [2], [Float16(1), 2])
        assertKernelError(.unsupported, containing: ["MUL", "float16"]) {
            try run1(.mul(.none), [input(h), input(h)], .float16, [2])
        }
        assertKernelError(.unsupported, containing: ["PRELU", "int32"]) {
            try run1(.prelu, [input(int32s([1], [1])), input(int32s([1], [1]))], .int32, [1])
        }
    }
}

/// Independent broadcasting rule for the tests.
func naiveBroadcast(_ a: [Int], _ b: [Int]) -> [Int] {
    let rank = max(a.count, b.count)
    let pa = Array(repeating: 1, count: rank - a.count) + a, pb = Array(repeating: 1, count: rank - b.count) + b
    return zip(pa, pb).map { max($0, $1) }
}

/// The flat index of the element of an operand of shape `dims` that output `index` reads.
func broadcastSource(_ index: [Int], _ dims: [Int]) -> Int {
    let aligned = Array(index.suffix(dims.count))
    return flatIndex(zip(aligned, dims).map { $1 == 1 ? 0 : $0 }, dims)
}
