import QuantRT
import QuantRTCPU
import QuantRTCore
import TestSupport
import XCTest

/// The dynamic-range kernels (float activations × int8 weights): the fast kernels, which
/// quantize each activation row to 8 bits on the fly, against the float kernels on the
/// dequantized weights (no activation error); the error must stay at 8-bit activation level.
final class HybridKernelTests: XCTestCase {
    private func check(_ op: Op, input: Shape, weights: Shape, axis: Int, output: Shape, seed: UInt64, expect: String,
                       file: StaticString = #filePath, line: UInt = #line) throws {
        var random = TestRandom(seed: seed)
        let channels = weights[axis]
        let x = HostTensor(shape: input, floats: random.floats(input.elementCount, -1, 3))
        let q = (0..<weights.elementCount).map { _ in Int8(random.int(-127...127)) }
        let w = HostTensor(dtype: .int8, shape: weights, bytes: q.withUnsafeBytes { Array($0) })
        let b = HostTensor(shape: [channels], floats: random.floats(channels))
        let scales = (0..<channels).map { _ in random.float(0.001, 0.01) }
        let graph = KernelHarness.graph(op: op, inputs: [(x, false), (w, true), (b, true)], outputs: [(.float32, output)],
                                        quantization: [1: Quantization(scales: scales, zeroPoints: [Int64](repeating: 0, count: channels), axis: axis)])
        let delegate = CPUInt8Delegate(threads: 2)
        let kernel = try delegate.factories[op.kind]!(graph.nodes[0], graph)
        XCTAssertEqual(String(describing: type(of: kernel)), expect, file: file, line: line)
        let fast = try KernelHarness.run(graph, inputs: [x], factory: delegate.factories[op.kind]!)[0].values(as: Float.self)
        let exact = try KernelHarness.run(graph, inputs: [x], factory: ReferenceKernels.factories[op.kind]!)[0].values(as: Float.self)
        var dot: Double = 0, nf: Double = 0, ne: Double = 0, worst: Float = 0
        for (a, e) in zip(fast, exact) {
            dot += Double(a * e); nf += Double(a * a); ne += Double(e * e)
            worst = max(worst, abs(a - e))
        }
        let cosine = dot / (nf.squareRoot() * ne.squareRoot())
        let range = exact.map(abs).max()!
        XCTAssertGreaterThan(cosine, 0.9995, "\(op.kind) \(input)", file: file, line: line)
        XCTAssertLessThan(worst, 0.02 * range, "\(op.kind) \(input)", file: file, line: line)
    }

    func testConv2DPerRowQuantization() throws {
        for (index, (h, cin, cout, k, stride)) in [(7, 3, 8, 3, 2), (9, 17, 33, 1, 1), (8, 16, 24, 3, 1)].enumerated() {
            let oh = (h + stride - 1) / stride
            try check(.conv2D(Conv2DAttributes(padding: .same, strideH: stride, strideW: stride, activation: .relu6)),
                      input: [1, h, h, cin], weights: [cout, k, k, cin], axis: 0, output: [1, oh, oh, cout], seed: UInt64(index + 1),
                      expect: "HybridConv2DKernel")
        }
    }

    func testFullyConnectedPerRowQuantization() throws {
        for (index, (batches, depth, units)) in [(1, 10, 5), (64, 128, 128), (5, 33, 17)].enumerated() {
            try check(.fullyConnected(FullyConnectedAttributes()), input: [batches, depth], weights: [units, depth], axis: 0,
                      output: [batches, units], seed: UInt64(index + 10), expect: "HybridFullyConnectedKernel")
        }
    }

    func testDepthwiseRunsOnDequantizedWeights() throws {
        try check(.depthwiseConv2D(DepthwiseConv2DAttributes(padding: .same)), input: [1, 6, 6, 5], weights: [1, 3, 3, 5], axis: 3,
                  output: [1, 6, 6, 5], seed: 30, expect: "DequantizedWeightsKernel")
    }
}
