import QuantRTCore
import TestSupport
import XCTest

/// Concatenation, reshape, transpose, pad, slices on the GPU against the reference kernels.
final class GPUDataMovementOpTests: XCTestCase {
    func testConcatenation() throws {
        try GPUOpHarness.check(seeds: 4) { r in
            let (h, w) = (r.int(1...5), r.int(1...5))
            let channels = (0..<r.int(1...3)).map { _ in r.int(1...7) }
            let axis = r.int(0...1) == 0 ? 3 : -1
            return GPUOpCase(name: "CONCATENATION \(channels)", op: .concatenation(axis: axis, activation: .none),
                             operands: channels.map { .input([1, h, w, $0]) }, output: [1, h, w, channels.reduce(0, +)])
        }
        try GPUOpHarness.check(seeds: 2) { r in
            let (a, b, c) = (r.int(1...4), r.int(1...4), r.int(1...5))
            return GPUOpCase(name: "CONCATENATION axis 1 with a constant", op: .concatenation(axis: 1, activation: .none),
                             operands: [.input([2, a, c]), .constant([2, b, c])], output: [2, a + b, c])
        }
    }

    func testReshapeFeedingAnOp() throws {
        try GPUOpHarness.check(seeds: 2) { r in
            let (a, b) = (r.int(1...6), r.int(1...7))
            return GPUOpCase(name: "RESHAPE", op: .reshape(newShape: [a * b]), operands: [.input([a, b])], output: [a * b])
        }
    }

    func testTranspose() throws {
        try GPUOpHarness.check(seeds: 4) { r in
            let shape: Shape = [r.int(1...3), r.int(1...4), r.int(1...5), r.int(1...6)]
            var permutation = [0, 1, 2, 3]
            for i in (1..<4).reversed() { permutation.swapAt(i, r.int(0...i)) }
            return GPUOpCase(name: "TRANSPOSE \(shape) \(permutation)", op: .transpose,
                             operands: [.input(shape), .ints([4], permutation.map(Int32.init))], output: Shape(permutation.map { shape[$0] }))
        }
    }

    func testPad() throws {
        try GPUOpHarness.check(seeds: 4) { r in
            let (h, w, c) = (r.int(1...5), r.int(1...5), r.int(1...7))
            let pads = (0..<6).map { _ in r.int(0...2) }
            let paddings: [Int32] = [0, 0, Int32(pads[0]), Int32(pads[1]), Int32(pads[2]), Int32(pads[3]), Int32(pads[4]), Int32(pads[5])]
            let output: Shape = [1, h + pads[0] + pads[1], w + pads[2] + pads[3], c + pads[4] + pads[5]]
            return GPUOpCase(name: "PAD \(paddings)", op: .pad, operands: [.input([1, h, w, c]), .ints([4, 2], paddings)], output: output)
        }
    }

    func testSlice() throws {
        try GPUOpHarness.check(seeds: 4) { r in
            let shape: Shape = [r.int(1...4), r.int(2...6), r.int(2...7)]
            let begin = shape.dims.map { r.int(0...($0 - 1)) }
            let size = zip(shape.dims, begin).map { dim, b in r.int(0...1) == 0 ? -1 : r.int(1...(dim - b)) }
            let output = zip(zip(shape.dims, begin), size).map { pair, s in s < 0 ? pair.0 - pair.1 : s }
            return GPUOpCase(name: "SLICE \(shape) \(begin) \(size)", op: .slice,
                             operands: [.input(shape), .ints([3], begin.map(Int32.init)), .ints([3], size.map(Int32.init))], output: Shape(output))
        }
    }

    func testStridedSlice() throws {
        try GPUOpHarness.check(seeds: 2) { _ in
            // Rows 1..<5 step 2, all columns reversed, the last axis shrunk at index 2.
            GPUOpCase(name: "STRIDED_SLICE", op: .stridedSlice(StridedSliceAttributes(endMask: 2, shrinkAxisMask: 4)),
                      operands: [.input([6, 5, 4]), .ints([3], [1, -1, 2]), .ints([3], [5, 0, 3]), .ints([3], [2, -1, 1])], output: [2, 5])
        }
        try GPUOpHarness.check(seeds: 2) { r in
            let (n, c) = (r.int(2...5), r.int(2...9))
            return GPUOpCase(name: "STRIDED_SLICE begin mask", op: .stridedSlice(StridedSliceAttributes(beginMask: 1)),
                             operands: [.input([n, c]), .ints([2], [0, 1]), .ints([2], [Int32(n - 1), Int32(c)]), .ints([2], [1, 1])],
                             output: [n - 1, c - 1])
        }
    }
}
