import QuantRTCore
import TestSupport
import XCTest

/// FULLY_CONNECTED and BATCH_MATMUL on the GPU against the reference kernels.
final class GPUMatMulOpTests: XCTestCase {
    func testFullyConnected() throws {
        try GPUOpHarness.check(seeds: 4) { r in
            let (n, o) = (r.int(1...3), r.int(1...23))
            let k = r.int(0...1) == 0 ? r.int(1...37) : 4 * r.int(1...9)  // the vec4 path too
            let bias: [GPUOpCase.Operand] = r.int(0...1) == 0 ? [.constant([o])] : []
            return GPUOpCase(name: "FULLY_CONNECTED \(n)x\(k)→\(o)", op: .fullyConnected(FullyConnectedAttributes(activation: .relu6)),
                             operands: [.input([n, k]), .float16Constant([o, k])] + bias, output: [n, o])
        }
    }

    func testBatchMatMul() throws {
        try GPUOpHarness.check(seeds: 6) { r in
            let (b, m, k, n) = (r.int(1...3), r.int(1...5), r.int(1...7), r.int(1...5))
            let (adjX, adjY) = (r.int(0...1) == 1, r.int(0...1) == 1)
            let lhs: Shape = adjX ? [b, k, m] : [b, m, k]
            let rhs: Shape = adjY ? [1, n, k] : [1, k, n]  // a shared right operand (broadcast batch)
            let rhsOperand: GPUOpCase.Operand = r.int(0...1) == 0 ? .input(rhs) : .constant(rhs)
            return GPUOpCase(name: "BATCH_MATMUL \(lhs)x\(rhs) adj \(adjX) \(adjY)",
                             op: .batchMatMul(BatchMatMulAttributes(adjointX: adjX, adjointY: adjY)),
                             operands: [.input(lhs), rhsOperand], output: [b, m, n])
        }
    }
}
