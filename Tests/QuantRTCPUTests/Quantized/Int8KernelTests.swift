import QuantRT
import QuantRTCPU
import QuantRTCore
import TestSupport
import XCTest

/// The integer convolution, depthwise and fully connected kernels on random shapes, zero points
/// and scales: the fast kernels (AVX2 tiles, threads) equal the straightforward ones exactly, and
/// the straightforward ones land within 1 LSB of the float reference run on dequantized values.
final class Int8KernelTests: XCTestCase {
    private struct Case {
        let op: Op
        let inputs: [(HostTensor, constant: Bool)]
        let outputType: DType
        let outputShape: Shape
        let quantization: [Int: Quantization]
    }

    private func int8Tensor(_ shape: Shape, _ random: inout TestRandom, range: ClosedRange<Int> = -128...127) -> HostTensor {
        let values = (0..<shape.elementCount).map { _ in Int8(random.int(range)) }
        return HostTensor(dtype: .int8, shape: shape, bytes: values.withUnsafeBytes { Array($0) })
    }

    private func int16Tensor(_ shape: Shape, _ random: inout TestRandom) -> HostTensor {
        let values = (0..<shape.elementCount).map { _ in Int16(random.int(-3000...3000)) }
        return HostTensor(dtype: .int16, shape: shape, bytes: values.withUnsafeBytes { Array($0) })
    }

    private func biasTensor(_ channels: Int, _ type: DType, _ random: inout TestRandom) -> HostTensor {
        if type == .int64 {
            let values = (0..<channels).map { _ in Int64(random.int(-20000...20000)) }
            return HostTensor(dtype: .int64, shape: [channels], bytes: values.withUnsafeBytes { Array($0) })
        }
        let values = (0..<channels).map { _ in Int32(random.int(-2000...2000)) }
        return HostTensor(dtype: .int32, shape: [channels], bytes: values.withUnsafeBytes { Array($0) })
    }

    /// Builds a convolution-like case: input, int8 weights (per channel on `axis`), bias.
    private func makeCase(_ op: Op, input: Shape, weights: Shape, channels: Int, axis: Int, output: Shape,
                          type: DType, seed: UInt64) -> Case {
        var random = TestRandom(seed: seed)
        let x = type == .int8 ? int8Tensor(input, &random) : int16Tensor(input, &random)
        let w = int8Tensor(weights, &random, range: -127...127)
        let b = biasTensor(channels, type == .int8 ? .int32 : .int64, &random)
        let inputScale = random.float(0.01, 0.1), outputScale = random.float(0.05, 0.5)
        let weightScales = (0..<channels).map { _ in random.float(0.002, 0.02) }
        let zx = type == .int8 ? Int64(random.int(-20...20)) : 0, zy = type == .int8 ? Int64(random.int(-20...20)) : 0
        return Case(op: op, inputs: [(x, false), (w, true), (b, true)], outputType: type, outputShape: output, quantization: [
            0: Quantization(scales: [inputScale], zeroPoints: [zx]),
            1: Quantization(scales: weightScales, zeroPoints: [Int64](repeating: 0, count: channels), axis: axis),
            2: Quantization(scales: weightScales.map { $0 * inputScale }, zeroPoints: [Int64](repeating: 0, count: channels), axis: 0),
            3: Quantization(scales: [outputScale], zeroPoints: [zy]),
        ])
    }

    /// Runs the case with the `int8` delegate's kernel and with the straightforward one; they
    /// must be equal; then compares with the float reference on dequantized tensors (≤ 1 LSB).
    private func check(_ c: Case, threads: Int = 1, expectFast: Bool = true, file: StaticString = #filePath, line: UInt = #line) throws {
        let graph = KernelHarness.graph(op: c.op, inputs: c.inputs, outputs: [(c.outputType, c.outputShape)], quantization: c.quantization)
        let live = c.inputs.filter { !$0.constant }.map(\.0)
        let kernel = try CPUInt8Delegate(threads: threads).factories[c.op.kind]!(graph.nodes[0], graph)
        let isFast = String(describing: type(of: kernel)).hasPrefix("Fast")
        XCTAssertEqual(isFast, expectFast, "\(type(of: kernel)) for \(c.op.kind) \(c.outputType)", file: file, line: line)
        let fast = try KernelHarness.run(graph, inputs: live, factory: CPUInt8Delegate(threads: threads).factories[c.op.kind]!)[0]
        let straightforward = try KernelHarness.run(graph, inputs: live, factory: QuantizedKernels.referenceFactories[c.op.kind]!)[0]
        XCTAssertEqual(fast.bytes, straightforward.bytes, "\(c.op.kind) fast vs straightforward, \(c.outputShape)", file: file, line: line)

        // The float reference on the dequantized operands, quantized with the output's parameters.
        var floatInputs: [(HostTensor, constant: Bool)] = []
        for (index, (tensor, constant)) in c.inputs.enumerated() {
            floatInputs.append((tensor.dequantized(with: c.quantization[index]!), constant))
        }
        let expected = try KernelHarness.reference(c.op, inputs: floatInputs, outputs: [(.float32, c.outputShape)])[0].values(as: Float.self)
        let q = c.quantization[c.inputs.count]!
        let ours = straightforward.dequantized(with: q).values(as: Float.self)
        let limit = c.outputType == .int8 ? Float(127 - q.zeroPoint) * q.scale : 32767 * q.scale
        let lower = c.outputType == .int8 ? Float(-128 - q.zeroPoint) * q.scale : -32768 * q.scale
        var worst: Float = 0
        for (a, e) in zip(ours, expected) {
            let clamped = min(max(e, lower), limit)
            worst = max(worst, abs(a - clamped) / q.scale)
        }
        XCTAssertLessThanOrEqual(worst, 1.01, "\(c.op.kind) vs float reference, in LSB, \(c.outputShape)", file: file, line: line)
    }

    func testConv2DOnRandomShapes() throws {
        var seed: UInt64 = 10
        for (h, w, cin, cout, k, stride, dilation, padding) in [
            (5, 5, 3, 4, 1, 1, 1, Padding.valid), (7, 6, 17, 33, 1, 1, 1, .same), (9, 9, 8, 16, 3, 1, 1, .same),
            (8, 7, 5, 19, 3, 2, 1, .same), (10, 10, 6, 7, 3, 1, 2, .valid), (6, 9, 32, 24, 5, 2, 1, .same), (1, 1, 64, 10, 1, 1, 1, .valid),
        ] {
            for activation in [FusedActivation.none, .relu6] {
                seed += 1
                let oh = SlidingWindowSize.output(padding, h, k, stride, dilation), ow = SlidingWindowSize.output(padding, w, k, stride, dilation)
                let op = Op.conv2D(Conv2DAttributes(padding: padding, strideH: stride, strideW: stride, dilationH: dilation, dilationW: dilation, activation: activation))
                for type in [DType.int8, .int16] {
                    try check(makeCase(op, input: [2, h, w, cin], weights: [cout, k, k, cin], channels: cout, axis: 0,
                                       output: [2, oh, ow, cout], type: type, seed: seed))
                }
            }
        }
    }

    func testDepthwiseOnRandomShapes() throws {
        var seed: UInt64 = 100
        for (h, w, c, k, stride, multiplier, padding) in [
            (5, 5, 3, 3, 1, 1, Padding.same), (8, 7, 17, 3, 2, 1, .same), (9, 9, 32, 5, 1, 1, .same), (6, 6, 40, 3, 1, 1, .valid),
            (5, 6, 4, 3, 1, 2, .same),
        ] {
            seed += 1
            let oh = SlidingWindowSize.output(padding, h, k, stride, 1), ow = SlidingWindowSize.output(padding, w, k, stride, 1)
            let op = Op.depthwiseConv2D(DepthwiseConv2DAttributes(padding: padding, strideH: stride, strideW: stride, depthMultiplier: multiplier,
                                                                  activation: .relu))
            for type in [DType.int8, .int16] {
                try check(makeCase(op, input: [1, h, w, c], weights: [1, k, k, c * multiplier], channels: c * multiplier, axis: 3,
                                   output: [1, oh, ow, c * multiplier], type: type, seed: seed), threads: 2, expectFast: multiplier == 1)
            }
        }
    }

    func testFullyConnectedOnRandomShapes() throws {
        var seed: UInt64 = 200
        for (batches, depth, units) in [(1, 1, 1), (1, 64, 10), (5, 33, 17), (7, 128, 48), (64, 128, 128)] {
            seed += 1
            let op = Op.fullyConnected(FullyConnectedAttributes(activation: .none, keepNumDims: false))
            for type in [DType.int8, .int16] {
                try check(makeCase(op, input: [batches, depth], weights: [units, depth], channels: units, axis: 0,
                                   output: [batches, units], type: type, seed: seed), threads: 2)
            }
        }
    }
}

/// Output sizes of a sliding window, as TFLite computes them.
enum SlidingWindowSize {
    static func output(_ padding: Padding, _ input: Int, _ filter: Int, _ stride: Int, _ dilation: Int) -> Int {
        let effective = (filter - 1) * dilation + 1
        return padding == .same ? (input + stride - 1) / stride : (input - effective + stride) / stride
    }
}

/// The vectorized int8 ADD, SUB and MUL against the straightforward kernel, bit for bit, with
/// same-shape, broadcast and scalar operands and odd lengths.
final class FastInt8BinaryTests: XCTestCase {
    func testAddSubMulMatchTheStraightforwardKernel() throws {
        var random = TestRandom(seed: 5)
        let shapes: [(Shape, Shape)] = [([1, 7, 9, 19], [1, 7, 9, 19]), ([2, 5, 33], [1, 1, 33]), ([4, 13], [4, 1]), ([3, 17], [1]), ([1], [29])]
        let ops: [Op] = [.add(.none), .sub(.relu6), .mul(.none), .add(.relu), .squaredDifference]
        for (a, b) in shapes {
            for op in ops {
                let out = Shape(broadcastDims(a.dims, b.dims))
                func tensor(_ s: Shape) -> HostTensor {
                    let v = (0..<s.elementCount).map { _ in Int8(random.int(-128...127)) }
                    return HostTensor(dtype: .int8, shape: s, bytes: v.withUnsafeBytes { Array($0) })
                }
                let q: [Int: Quantization] = [
                    0: Quantization(scales: [random.float(0.01, 0.1)], zeroPoints: [Int64(random.int(-30...30))]),
                    1: Quantization(scales: [random.float(0.01, 0.1)], zeroPoints: [Int64(random.int(-30...30))]),
                    2: Quantization(scales: [random.float(0.02, 0.2)], zeroPoints: [Int64(random.int(-30...30))]),
                ]
                let inputs = [tensor(a), tensor(b)]
                let graph = KernelHarness.graph(op: op, inputs: inputs.map { ($0, false) }, outputs: [(.int8, out)], quantization: q)
                let fast = CPUInt8Delegate().factories[op.kind]!
                XCTAssertEqual(String(describing: type(of: try fast(graph.nodes[0], graph))), "FastInt8BinaryKernel")
                let ours = try KernelHarness.run(graph, inputs: inputs, factory: fast)[0]
                let expected = try KernelHarness.run(graph, inputs: inputs, factory: QuantizedKernels.referenceFactories[op.kind]!)[0]
                XCTAssertEqual(ours.bytes, expected.bytes, "\(op.kind) \(a) \(b)")
            }
        }
    }

    private func broadcastDims(_ a: [Int], _ b: [Int]) -> [Int] {
        let rank = max(a.count, b.count)
        let pa = [Int](repeating: 1, count: rank - a.count) + a, pb = [Int](repeating: 1, count: rank - b.count) + b
        return zip(pa, pb).map { max($0, $1) }
    }
}

/// int8 BATCH_MATMUL on the tiles against the straightforward kernel, bit for bit.
final class FastInt8BatchMatMulTests: XCTestCase {
    func testMatchesTheStraightforwardKernel() throws {
        var random = TestRandom(seed: 9)
        for (b, m, k, n, adjY) in [(1, 1, 1, 1, false), (4, 64, 32, 64, false), (2, 7, 33, 17, true), (3, 5, 8, 40, true)] {
            let lhs: Shape = [b, m, k], rhs: Shape = adjY ? [b, n, k] : [b, k, n]
            func tensor(_ s: Shape) -> HostTensor {
                let v = (0..<s.elementCount).map { _ in Int8(random.int(-128...127)) }
                return HostTensor(dtype: .int8, shape: s, bytes: v.withUnsafeBytes { Array($0) })
            }
            let q: [Int: Quantization] = [
                0: Quantization(scales: [0.05], zeroPoints: [Int64(random.int(-10...10))]),
                1: Quantization(scales: [0.03], zeroPoints: [Int64(random.int(-10...10))]),
                2: Quantization(scales: [random.float(0.5, 2)], zeroPoints: [Int64(random.int(-10...10))]),
            ]
            let op = Op.batchMatMul(BatchMatMulAttributes(adjointY: adjY))
            let inputs = [tensor(lhs), tensor(rhs)]
            let graph = KernelHarness.graph(op: op, inputs: inputs.map { ($0, false) }, outputs: [(.int8, [b, m, n])], quantization: q)
            let fast = CPUInt8Delegate().factories[.batchMatMul]!
            XCTAssertEqual(String(describing: type(of: try fast(graph.nodes[0], graph))), "FastInt8BatchMatMulKernel")
            let ours = try KernelHarness.run(graph, inputs: inputs, factory: fast)[0]
            let expected = try KernelHarness.run(graph, inputs: inputs, factory: QuantizedKernels.referenceFactories[.batchMatMul]!)[0]
            XCTAssertEqual(ours.bytes, expected.bytes, "\(lhs)·\(rhs)")
        }
    }
}
