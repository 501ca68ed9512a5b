import QuantRT
import QuantRTCPU
import QuantRTCore
import TestSupport
import XCTest

/// Every integer kernel against the float reference kernels on random shapes, broadcasts, zero
/// points and scales: the quantized inputs are dequantized, the float op runs, its output is
/// quantized with parameters calibrated on that output, and our integer result must be within a
/// few LSB of it (1 for exact rescaling ops; more where TFLite's arithmetic approximates).
final class QuantizedVersusFloatTests: XCTestCase {
    /// A deterministic generator (SplitMix64).
    private struct Generator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        mutating func int(_ range: ClosedRange<Int>) -> Int { range.lowerBound + Int(next() % UInt64(range.count)) }
        mutating func float(_ range: ClosedRange<Float>) -> Float {
            range.lowerBound + Float(next() >> 40) / Float(1 << 24) * (range.upperBound - range.lowerBound)
        }
        mutating func bool() -> Bool { next() & 1 == 1 }
    }

    /// A quantized operand: stored values and their parameters.
    private struct Operand {
        let dtype: DType, shape: Shape
        let scale: Float, zeroPoint: Int32
        let values: [Int32]

        var quantization: Quantization { Quantization(scales: [scale], zeroPoints: [Int64(zeroPoint)]) }
        var host: HostTensor { QuantizedVersusFloatTests.host(dtype, shape, values) }
        var real: HostTensor { HostTensor(shape: shape, floats: values.map { Float($0 - zeroPoint) * scale }) }
    }

    private var generator = Generator(state: 2026)

    private static func range(_ dtype: DType) -> ClosedRange<Int32> {
        switch dtype {
        case .int8: -128...127
        case .uint8: 0...255
        default: -32768...32767
        }
    }

    private static func host(_ dtype: DType, _ shape: Shape, _ values: [Int32]) -> HostTensor {
        var bytes: [UInt8] = []
        for v in values {
            switch dtype {
            case .int16: withUnsafeBytes(of: Int16(truncatingIfNeeded: v).littleEndian) { bytes += $0 }
            default: bytes.append(UInt8(truncatingIfNeeded: v))
            }
        }
        return HostTensor(dtype: dtype, shape: shape, bytes: bytes)
    }

    private static func stored(_ t: HostTensor) -> [Int32] {
        switch t.dtype {
        case .int8: t.values(as: Int8.self).map(Int32.init)
        case .uint8: t.values(as: UInt8.self).map(Int32.init)
        default: t.values(as: Int16.self).map(Int32.init)
        }
    }

    /// Random stored values with a random scale and zero point (0 for int16).
    private func operand(_ dtype: DType, _ shape: [Int], scale: ClosedRange<Float> = 0.005...0.1,
                                  values valueRange: ClosedRange<Int32>? = nil) -> Operand {
        let full = Self.range(dtype)
        let zeroPoint: Int32 = dtype == .int16 ? 0 : Int32(generator.int(Int(full.lowerBound) + 40...Int(full.upperBound) - 40))
        let s = generator.float(scale) * (dtype == .int16 ? 1.0 / 256 : 1)
        let r = valueRange ?? full
        let values = (0..<Shape(shape).elementCount).map { _ in Int32(generator.int(Int(r.lowerBound)...Int(r.upperBound))) }
        return Operand(dtype: dtype, shape: Shape(shape), scale: s, zeroPoint: zeroPoint, values: values)
    }

    /// Output parameters that cover `reals` (as a calibrator would), spanning at least `floor`
    /// so that an output of (nearly) all zeros does not get a degenerate scale.
    private static func calibrated(_ dtype: DType, _ reals: [Float], floor: Float = 0) -> (Float, Int32) {
        let low = min(reals.min() ?? 0, 0), high = max(max(reals.max() ?? 0, 0), low + floor)
        let full = range(dtype)
        if dtype == .int16 { return (max(max(-low, high), 1e-6) / 32767, 0) }
        let scale = max(high - low, 1e-6) / Float(full.upperBound - full.lowerBound)
        let zeroPoint = Int32((Float(full.lowerBound) - low / scale).rounded()).clamped(to: full)
        return (scale, zeroPoint)
    }

    /// Runs `op` on `inputs` (quantized operands, or plain int32 parameter constants) in float
    /// and in integers and returns the largest difference in LSB.
    @discardableResult
    private func compare(_ op: Op, _ inputs: [Either], output dtype: DType, shape: [Int], fixed: (Float, Int32)? = nil,
                         tolerance: Int32, _ label: String, file: StaticString = #filePath, line: UInt = #line) throws -> Int32 {
        let floatInputs = inputs.map { input -> (HostTensor, constant: Bool) in
            switch input {
            case .quantized(let o): (o.real, false)
            case .parameter(let p): (p, true)
            }
        }
        let reals = try KernelHarness.reference(op, inputs: floatInputs, outputs: [(.float32, Shape(shape))])[0].floatValues()
        let inputMagnitude = inputs.map { input -> Float in
            if case .quantized(let o) = input { return o.real.floatValues().map(abs).max() ?? 0 }
            return 0
        }.max() ?? 0
        let (scale, zeroPoint) = fixed ?? Self.calibrated(dtype, reals, floor: inputMagnitude / 4)
        var quantization: [Int: Quantization] = [:]
        for (k, input) in inputs.enumerated() {
            if case .quantized(let o) = input { quantization[k] = o.quantization }
        }
        quantization[inputs.count] = Quantization(scales: [scale], zeroPoints: [Int64(zeroPoint)])
        let integerInputs = inputs.map { input -> (HostTensor, constant: Bool) in
            switch input {
            case .quantized(let o): (o.host, false)
            case .parameter(let p): (p, true)
            }
        }
        let ours = Self.stored(try KernelHarness.reference(op, inputs: integerInputs, outputs: [(dtype, Shape(shape))], quantization: quantization)[0])
        let full = Self.range(dtype)
        var worst: Int32 = 0
        for (value, real) in zip(ours, reals) {
            let expected = (Int32(clamping: Int64((real / scale).rounded(.toNearestOrAwayFromZero))) &+ zeroPoint).clamped(to: full)
            worst = max(worst, abs(value - expected))
        }
        print("versus float \(label): \(worst) LSB")
        XCTAssertLessThanOrEqual(worst, tolerance, "\(label): \(worst) LSB from the float reference", file: file, line: line)
        return worst
    }

    private enum Either {
        case quantized(Operand)
        case parameter(HostTensor)
    }

    private static func ints(_ values: [Int], shape: [Int]? = nil) -> HostTensor {
        var bytes: [UInt8] = []
        for v in values { withUnsafeBytes(of: Int32(v).littleEndian) { bytes += $0 } }
        return HostTensor(dtype: .int32, shape: Shape(shape ?? [values.count]), bytes: bytes)
    }

    private func randomShape(rank: ClosedRange<Int> = 1...4, size: ClosedRange<Int> = 1...6) -> [Int] {
        (0..<generator.int(rank)).map { _ in generator.int(size) }
    }

    private static let types: [DType] = [.int8, .uint8, .int16]

    func testBinaryOpsWithBroadcasting() throws {
        for trial in 0..<60 {
            let dtype = Self.types[trial % 3]
            let a = randomShape()
            var b = a.map { generator.bool() ? 1 : $0 }
            if generator.bool() { b = Array(b.dropFirst(generator.int(0...b.count - 1))) }
            let out = broadcast(a, b)
            let x = operand(dtype, a), y = operand(dtype, b)
            let activation: FusedActivation = [.none, .relu, .relu6][trial % 3 == 0 ? 0 : generator.int(0...2)]
            for op in [Op.add(activation), .sub(activation), .mul(activation)] {
                try compare(op, [.quantized(x), .quantized(y)], output: dtype, shape: out, tolerance: 1, "\(op.kind) \(dtype) \(a) \(b)")
            }
            let sameY = Operand(dtype: dtype, shape: y.shape, scale: x.scale, zeroPoint: x.zeroPoint, values: y.values)
            for op in [Op.maximum, .minimum] {
                try compare(op, [.quantized(x), .quantized(sameY)], output: dtype, shape: out, fixed: (x.scale, x.zeroPoint),
                            tolerance: 0, "\(op.kind) \(dtype) \(a) \(b)")
            }
            // The int8 kernel keeps 7 fractional bits of each input: allow for that loss.
            try compare(.squaredDifference, [.quantized(x), .quantized(y)], output: dtype, shape: out,
                        tolerance: dtype == .int16 ? 1 : 3, "SQUARED_DIFFERENCE \(dtype) \(a) \(b)")
        }
    }

    private func broadcast(_ a: [Int], _ b: [Int]) -> [Int] {
        let rank = max(a.count, b.count)
        return (0..<rank).map { i in
            let x = i < rank - a.count ? 1 : a[i - (rank - a.count)], y = i < rank - b.count ? 1 : b[i - (rank - b.count)]
            return max(x, y)
        }
    }

    func testReductionsOverRandomAxes() throws {
        for trial in 0..<30 {
            let dtype = Self.types[trial % 3]
            let shape = randomShape(rank: 1...4, size: 1...7)
            var axes = shape.indices.filter { _ in generator.bool() }
            if axes.isEmpty { axes = [shape.count - 1] }
            let keep = generator.bool()
            let out = shape.indices.compactMap { axes.contains($0) ? (keep ? 1 : nil) : shape[$0] }
            let x = operand(dtype, shape)
            for op in [Op.mean(keepDims: keep), .sum(keepDims: keep)] {
                try compare(op, [.quantized(x), .parameter(Self.ints(axes))], output: dtype, shape: out, tolerance: 1, "\(op.kind) \(dtype) \(shape) axes \(axes)")
            }
            for op in [Op.reduceMax(keepDims: keep), .reduceMin(keepDims: keep)] {
                try compare(op, [.quantized(x), .parameter(Self.ints(axes))], output: dtype, shape: out, fixed: (x.scale, x.zeroPoint),
                            tolerance: 0, "\(op.kind) \(dtype) \(shape) axes \(axes)")
            }
        }
    }

    func testUnaryOps() throws {
        for dtype in Self.types {
            let shape = [3, 50]
            let x = operand(dtype, shape)
            for op in [Op.relu, .relu6, .leakyRelu(alpha: 0.2), .neg, .abs, .tanh, .hardSwish, .gelu(approximate: false), .gelu(approximate: true)] {
                if dtype == .int16 && op.kind == .hardSwish { continue }
                // TFLite's int16 TANH interpolates a 256-entry table, int16 GELU a 513-entry one
                // (curvature costs tens of LSB at 16 bits).
                let tolerance: Int32 = dtype != .int16 ? 1 : op.kind == .gelu ? 40 : op.kind == .tanh ? 4 : 1
                try compare(op, [.quantized(x)], output: dtype, shape: shape, tolerance: tolerance, "\(op.kind) \(dtype)")
            }
            let logisticOut: (Float, Int32) = dtype == .int16 ? (1.0 / 32768, 0) : (1.0 / 256, dtype == .int8 ? -128 : 0)
            try compare(.logistic, [.quantized(x)], output: dtype, shape: shape, fixed: logisticOut, tolerance: dtype == .int16 ? 4 : 1, "LOGISTIC \(dtype)")
            if dtype != .uint8 {
                // Positive reals only: RSQRT is undefined below the zero point.
                // int16 interpolates a 513-entry table, poor near 0 where 1/sqrt is steep.
                let low: Int32 = dtype == .int16 ? 4096 : -120
                let positive = operand(dtype, shape, values: low...Self.range(dtype).upperBound)
                let nonZero = Operand(dtype: dtype, shape: positive.shape, scale: positive.scale, zeroPoint: dtype == .int16 ? 0 : -128,
                                      values: positive.values)
                try compare(.rsqrt, [.quantized(nonZero)], output: dtype, shape: shape, tolerance: dtype == .int16 ? 8 : 2, "RSQRT \(dtype)")
            }
        }
    }

    func testRequantization() throws {
        for (from, to) in [(DType.int8, DType.int8), (.int8, .uint8), (.uint8, .int8), (.int16, .int16), (.int16, .int8), (.int8, .int16)] {
            let x = operand(from, [4, 33])
            let op = Op.quantize
            // The float QUANTIZE kernel is the identity on reals here: compare through DEQUANTIZE.
            let reals = x.real.floatValues()
            let (scale, zeroPoint) = Self.calibrated(to, reals.map { $0 * 0.9 })
            let quantization: [Int: Quantization] = [0: x.quantization, 1: Quantization(scales: [scale], zeroPoints: [Int64(zeroPoint)])]
            let ours = Self.stored(try KernelHarness.reference(op, inputs: [(x.host, false)], outputs: [(to, [4, 33])], quantization: quantization)[0])
            let full = Self.range(to)
            let worst = zip(ours, reals).map { v, r in
                abs(v - (Int32((r / scale).rounded(.toNearestOrAwayFromZero)) + zeroPoint).clamped(to: full))
            }.max() ?? 0
            XCTAssertLessThanOrEqual(worst, 1, "QUANTIZE \(from) → \(to)")
        }
    }

    func testSoftmax() throws {
        for dtype in [DType.int8, .uint8, .int16] {
            let shape = [5, generator.int(3...40)]
            let x = operand(dtype, shape, scale: 0.02...0.2)
            let fixed: (Float, Int32) = dtype == .int16 ? (1.0 / 32768, 0) : (1.0 / 256, dtype == .int8 ? -128 : 0)
            try compare(.softmax(beta: 1), [.quantized(x)], output: dtype, shape: shape, fixed: fixed, tolerance: dtype == .int16 ? 6 : 2, "SOFTMAX \(dtype)")
        }
    }

    func testPoolingResizeAndConcatenation() throws {
        for trial in 0..<12 {
            let dtype = Self.types[trial % 3]
            let input = [generator.int(1...2), generator.int(3...9), generator.int(3...9), generator.int(1...4)]
            let x = operand(dtype, input)
            let attributes = Pool2DAttributes(padding: generator.bool() ? .same : .valid, strideH: generator.int(1...2), strideW: generator.int(1...2),
                                              filterH: generator.int(1...3), filterW: generator.int(1...3))
            let outH = attributes.padding == .same ? (input[1] + attributes.strideH - 1) / attributes.strideH : (input[1] - attributes.filterH) / attributes.strideH + 1
            let outW = attributes.padding == .same ? (input[2] + attributes.strideW - 1) / attributes.strideW : (input[2] - attributes.filterW) / attributes.strideW + 1
            let out = [input[0], outH, outW, input[3]]
            let same = (x.scale, x.zeroPoint)
            try compare(.maxPool2D(attributes), [.quantized(x)], output: dtype, shape: out, fixed: same, tolerance: 0, "MAX_POOL_2D \(dtype)")
            try compare(.averagePool2D(attributes), [.quantized(x)], output: dtype, shape: out, fixed: same, tolerance: 1, "AVERAGE_POOL_2D \(dtype)")
            let size = [generator.int(1...12), generator.int(1...12)]
            let resize = ResizeAttributes(alignCorners: trial % 3 == 1, halfPixelCenters: trial % 3 == 2)
            try compare(.resizeBilinear(resize), [.quantized(x), .parameter(Self.ints(size))], output: dtype,
                        shape: [input[0], size[0], size[1], input[3]], fixed: same,
                        // 10-bit source coordinates: steep int16 data moves by up to ~1/1000 of its range.
                        tolerance: dtype == .int16 ? 400 : 1, "RESIZE_BILINEAR \(dtype)")
            let y = operand(dtype, [input[0], input[1], input[2], generator.int(1...3)])
            try compare(.concatenation(axis: -1, activation: .none), [.quantized(x), .quantized(y)], output: dtype,
                        shape: [input[0], input[1], input[2], input[3] + y.shape[3]], tolerance: 1, "CONCATENATION \(dtype)")
        }
    }
}

private extension Comparable {
    func clamped(to range: ClosedRange<Self>) -> Self { min(max(self, range.lowerBound), range.upperBound) }
}
