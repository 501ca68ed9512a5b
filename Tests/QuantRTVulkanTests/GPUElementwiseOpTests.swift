import QuantRTCore
import TestSupport
import XCTest

/// Element-wise ops, activations, reductions and softmax on the GPU against the reference kernels.
final class GPUElementwiseOpTests: XCTestCase {
    func testBinaryWithBroadcasting() throws {
        let ops: [Op] = [.add(.relu), .sub(.none), .mul(.relu6), .maximum, .minimum, .squaredDifference, .add(.none)]
        for op in ops {
            try GPUOpHarness.check(seeds: 3) { r in
                let full: Shape = [r.int(1...3), r.int(1...5), r.int(1...4), r.int(1...7)]
                var other = full
                for axis in 0..<4 where r.int(0...2) == 0 { other[axis] = 1 }
                let otherOperand: GPUOpCase.Operand = r.int(0...1) == 0 ? .input(other) : .constant(other)
                let swap = r.int(0...1) == 0
                return GPUOpCase(name: "\(op.kind) \(full) with \(other)", op: op,
                                 operands: swap ? [otherOperand, .input(full)] : [.input(full), otherOperand], output: full)
            }
        }
    }

    func testBinaryRankBroadcast() throws {
        try GPUOpHarness.check(seeds: 4) { r in
            let c = r.int(0...1) == 0 ? r.int(1...9) : 4 * r.int(1...3)  // four at a time when c is a multiple of 4
            let swap = r.int(0...1) == 0
            let operands: [GPUOpCase.Operand] = swap ? [.constant([1, 1, c]), .input([1, 3, 4, c])] : [.input([1, 3, 4, c]), .constant([c])]
            return GPUOpCase(name: "SUB [1,3,4,\(c)] and [\(c)] swapped \(swap)", op: .sub(.relu), operands: operands, output: [1, 3, 4, c])
        }
    }

    func testDiv() throws {
        try GPUOpHarness.check(seeds: 2) { r in
            let shape: Shape = [2, r.int(1...5), r.int(1...7)]
            var c = GPUOpCase(name: "DIV", op: .div(.none), operands: [.input(shape), .input(shape)], output: shape)
            (c.low, c.high) = (0.5, 2)
            return c
        }
    }

    func testActivations() throws {
        let ops: [Op] = [.relu, .relu6, .reluN1To1, .leakyRelu(alpha: 0.2), .logistic, .tanh, .hardSwish,
                         .gelu(approximate: false), .gelu(approximate: true), .exp, .neg, .abs, .square]
        for op in ops {
            try GPUOpHarness.check(seeds: 1) { r in
                let shape: Shape = [1, r.int(1...7), r.int(1...5), r.int(1...9)]
                return GPUOpCase(name: "\(op)", op: op, operands: [.input(shape)], output: shape)
            }
        }
    }

    func testPositiveDomainFunctions() throws {
        for op in [Op.log, .sqrt, .rsqrt] {
            try GPUOpHarness.check(seeds: 1) { r in
                let shape: Shape = [r.int(1...3), r.int(1...17)]
                var c = GPUOpCase(name: "\(op)", op: op, operands: [.input(shape)], output: shape)
                (c.low, c.high) = (0.1, 4)
                return c
            }
        }
    }

    func testPReLU() throws {
        try GPUOpHarness.check(seeds: 3) { r in
            let shape: Shape = [1, r.int(1...6), r.int(1...6), r.int(1...9)]
            let alpha: Shape = r.int(0...1) == 0 ? [shape[3]] : [1, 1, shape[3]]
            return GPUOpCase(name: "PRELU \(shape) alpha \(alpha)", op: .prelu, operands: [.input(shape), .float16Constant(alpha)], output: shape)
        }
    }

    func testReductions() throws {
        for op in [Op.mean(keepDims: true), .sum(keepDims: false), .reduceMax(keepDims: false), .reduceMin(keepDims: true)] {
            try GPUOpHarness.check(seeds: 2) { r in
                let (h, w, c) = (r.int(1...7), r.int(1...7), r.int(1...9))
                let keep: Bool
                switch op {
                case .mean(let k), .sum(let k), .reduceMax(let k), .reduceMin(let k): keep = k
                default: keep = false
                }
                let overSpace = r.int(0...1) == 0
                let axes: [Int32] = overSpace ? [1, 2] : [-1]
                let output: Shape = overSpace ? (keep ? [1, 1, 1, c] : [1, c]) : (keep ? [1, h, w, 1] : [1, h, w])
                return GPUOpCase(name: "\(op.kind) axes \(axes)", op: op, operands: [.input([1, h, w, c]), .ints([axes.count], axes)], output: output)
            }
        }
    }

    func testSoftmax() throws {
        try GPUOpHarness.check(seeds: 3) { r in
            let shape: Shape = [r.int(1...3), r.int(1...4), r.int(1...33)]
            return GPUOpCase(name: "SOFTMAX \(shape)", op: .softmax(beta: r.float(0.5, 2)), operands: [.input(shape)], output: shape)
        }
        try GPUOpHarness.check(seeds: 2) { r in
            let shape: Shape = [r.int(1...3), r.int(1...21)]
            return GPUOpCase(name: "LOG_SOFTMAX \(shape)", op: .logSoftmax, operands: [.input(shape)], output: shape)
        }
    }
}
