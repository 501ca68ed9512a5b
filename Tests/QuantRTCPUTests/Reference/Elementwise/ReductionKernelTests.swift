import QuantRTCPU
import QuantRTCore
import XCTest

final class ReductionKernelTests: XCTestCase {
    private let x = floats([2, 3], [1, 2, 3, 4, 5, 6])

    func testHandComputedReductions() throws {
        XCTAssertEqual(try run1(.sum(keepDims: false), [input(x), constant(int32s([1]))], .float32, [2]).values(as: Float.self), [6, 15])
        XCTAssertEqual(try run1(.mean(keepDims: true), [input(x), constant(int32s([0]))], .float32, [1, 3]).values(as: Float.self), [2.5, 3.5, 4.5])
        XCTAssertEqual(try run1(.reduceMax(keepDims: false), [input(x), constant(int32s([-1]))], .float32, [2]).values(as: Float.self), [3, 6])
        XCTAssertEqual(try run1(.reduceMin(keepDims: true), [input(x), constant(int32s([0, 1]))], .float32, [1, 1]).values(as: Float.self), [1])
        // Repeated and negative axes name the same axis once.
        XCTAssertEqual(try run1(.sum(keepDims: false), [input(x), constant(int32s([1, -1, 1]))], .float32, [2]).values(as: Float.self), [6, 15])
        // No axes: the input unchanged.
        XCTAssertEqual(try run1(.mean(keepDims: false), [input(x), constant(int32s([0], [Int32]()))], .float32, [2, 3]).values(as: Float.self), [1, 2, 3, 4, 5, 6])
    }

    func testRandomAxesMatchNaive() throws {
        var rng = SeededGenerator(seed: 4)
        let ops: [(Bool) -> Op] = [{ .mean(keepDims: $0) }, { .sum(keepDims: $0) }, { .reduceMax(keepDims: $0) }, { .reduceMin(keepDims: $0) }]
        for trial in 0..<60 {
            let dims = rng.shape(rank: 1...5, dims: 1...4)
            let axes = (0..<Int.random(in: 1...4, using: &rng)).map { _ in Int.random(in: -dims.count..<dims.count, using: &rng) }
            let keepDims = Bool.random(using: &rng)
            let op = ops[trial % ops.count](keepDims)
            let reduced = Set(axes.map { $0 < 0 ? $0 + dims.count : $0 })
            let keptDims = dims.indices.map { reduced.contains($0) ? 1 : dims[$0] }
            let outDims = keepDims ? keptDims : dims.indices.filter { !reduced.contains($0) }.map { dims[$0] }
            let values = rng.floats(Shape(dims).elementCount)
            var groups = [[Float]](repeating: [], count: Shape(keptDims).elementCount)
            for (i, v) in values.enumerated() {
                let index = multiIndex(i, dims).enumerated().map { reduced.contains($0.offset) ? 0 : $0.element }
                groups[flatIndex(index, keptDims)].append(v)
            }
            let expected: [Float] = groups.map { g in
                switch op {
                case .mean: Float(g.reduce(0.0) { $0 + Double($1) } / Double(g.count))
                case .sum: Float(g.reduce(0.0) { $0 + Double($1) })
                case .reduceMax: g.max()!
                default: g.min()!
                }
            }
            let out = try run1(op, [input(floats(dims, values)), constant(int32s(axes))], .float32, outDims)
            assertClose(out.values(as: Float.self), expected, "\(op) \(dims) axes \(axes)")
        }
    }

    func testErrors() {
        assertKernelError(.unsupported, containing: ["MEAN", "constant"]) {
            try run1(.mean(keepDims: false), [input(x), input(int32s([1]))], .float32, [2])
        }
        assertKernelError(.invalidNode, containing: ["SUM", "[2]", "[3]"]) {
            try run1(.sum(keepDims: false), [input(x), constant(int32s([1]))], .float32, [3])
        }
        assertKernelError(.invalidNode, containing: ["axis 2"]) {
            try run1(.sum(keepDims: false), [input(x), constant(int32s([2]))], .float32, [2])
        }
        // The integer kernel selects stored values, so input and output must be quantized alike.
        assertKernelError(.unsupported, containing: ["REDUCE_MAX", "share scale and zero point"]) {
            try run1(.reduceMax(keepDims: false), [input(tensor(.uint8, [2], [UInt8(1), 2])), constant(int32s([0]))], .uint8, [],
                     quantization: [0: Quantization(scales: [1], zeroPoints: [128])])
        }
    }
}
