#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import QuantRT
import QuantRTCore

/// The one-input elementwise ops on quantized tensors, each in TFLite's reference arithmetic:
/// QUANTIZE between integer types (requantization), NEG, ABS, RELU, RELU6, RELU_N1_TO_1,
/// LEAKY_RELU (``QuantizedRescale``), RSQRT (int8: fixed-point inverse square root; int16:
/// interpolated table), GELU (tables built from the float function), LOGISTIC and TANH (8-bit:
/// tables of the float function; int16: ``Int16SigmoidTanh``) and 8-bit HARD_SWISH
/// (``QuantizedHardSwish``).
///
/// 8-bit inputs are mapped through a 256-entry table of the exact integer results computed at
/// prepare; int16 inputs use the interpolated table or the rescale per element.
final class QuantizedUnaryKernel: CPUKernel {
    private enum Mapping {
        case table8([Int32])
        case interpolated16(QuantizedLookupTable)
        case rescale16(QuantizedRescale)
        case sigmoid16(Int16SigmoidTanh)
    }

    private let input: Int, output: Int
    private let inputType: DType, outputType: DType
    private let count: Int
    private let mapping: Mapping
    /// The lowest stored input the op is defined for (RSQRT: the zero point), else nil.
    private let lowestValidInput: Int32?

    init(node: Node, graph: Graph) throws {
        let n = KernelNode(node: node, graph: graph)
        try n.requireInputCount(1...1)
        input = try n.input(0)
        output = try n.output()
        let x = try n.affine(input, "input"), y = try n.affine(output, "output")
        if node.op.kind != .quantize { try n.requireSameQuantizedType(x, y, "input and output") }
        try n.requireSymmetricInt16(x, input, "input")
        try n.requireSymmetricInt16(y, output, "output")
        try n.requireOutputShape(output, n.shape(input).dims)
        inputType = x.type
        outputType = y.type
        count = n.shape(input).elementCount
        let outputRange = (y.minimum, y.maximum)
        var lowest: Int32?

        // Exactly one of these describes the op.
        var rescale: QuantizedRescale?
        var integerFunction: ((Int32) -> Int32)?
        var table: QuantizedLookupTable?
        var sigmoid16: Int16SigmoidTanh?
        switch node.op {
        case .quantize:
            rescale = QuantizedRescale(inputZeroPoint: x.zeroPoint, outputZeroPoint: y.zeroPoint,
                                       nonNegative: QuantizedMultiplier(x.scaleDouble / y.scaleDouble), range: outputRange)
        case .neg:
            rescale = QuantizedRescale(inputZeroPoint: x.zeroPoint, outputZeroPoint: y.zeroPoint,
                                       nonNegative: QuantizedMultiplier(x.scaleDouble / y.scaleDouble), negate: true, range: outputRange)
        case .abs:
            // TFLite divides the scales in float.
            rescale = QuantizedRescale(inputZeroPoint: x.zeroPoint, outputZeroPoint: y.zeroPoint,
                                       nonNegative: try n.multiplier(Double(x.scale / y.scale), "ABS"), absolute: true, range: outputRange)
        case .relu, .relu6, .reluN1To1:
            let bounds: (Float, Float?) = node.op.kind == .relu ? (0, nil) : node.op.kind == .relu6 ? (0, 6) : (-1, 1)
            let quantize = { (v: Float) -> Int32 in y.zeroPoint &+ Int32((v / y.scale).rounded(.toNearestOrAwayFromZero)) }
            let low = max(y.minimum, quantize(bounds.0))
            let high = bounds.1.map { min(y.maximum, quantize($0)) } ?? y.maximum
            // The scale ratio is divided in float, as TFLite's Prepare.
            rescale = QuantizedRescale(inputZeroPoint: x.zeroPoint, outputZeroPoint: y.zeroPoint,
                                       nonNegative: try n.multiplier(Double(x.scale / y.scale), "rescale"), range: (low, high))
        case .leakyRelu(let alpha):
            guard alpha >= 0 else { throw KernelError.unsupported("LEAKY_RELU with alpha \(alpha) on quantized tensors: only a non-negative alpha is implemented") }
            rescale = QuantizedRescale(inputZeroPoint: x.zeroPoint, outputZeroPoint: y.zeroPoint,
                                       nonNegative: QuantizedMultiplier(x.scaleDouble / y.scaleDouble),
                                       negative: try n.multiplier(x.scaleDouble * Double(alpha) / y.scaleDouble, "alpha"), range: outputRange)
        case .rsqrt:
            guard x.type != .uint8 else { throw KernelError.unsupported("RSQRT of uint8 \(n.describe(input)): TFLite has int8 and int16 kernels only") }
            lowest = x.zeroPoint
            if x.type == .int16 {
                let outputScale: Float = y.scale
                let inverseSqrt: (Float) -> Float = { v in v <= 0 ? 32767 * outputScale : 1 / sqrtf(v) }
                table = QuantizedLookupTable(int16InputScale: x.scale, inputZeroPoint: x.zeroPoint, outputScale: y.scale,
                                             outputZeroPoint: y.zeroPoint, inverseSqrt)
            } else {
                _ = try n.multiplier(1.0 / Double(sqrtf(x.scale) * y.scale), "output")
                integerFunction = Self.rsqrt8(x, y)
            }
        case .gelu(let approximate):
            let transform: (Float) -> Float = { v in approximate ? Self.geluApproximate(v) : Self.gelu(v) }
            if x.type == .int16 {
                table = QuantizedLookupTable(int16InputScale: x.scale, inputZeroPoint: x.zeroPoint, outputScale: y.scale,
                                             outputZeroPoint: y.zeroPoint, transform)
            } else {
                table = QuantizedLookupTable(int8Like: x.type, input: x, output: y, transform)
            }
        case .logistic, .tanh:
            let isTanh = node.op.kind == .tanh
            if x.type == .int16 {
                let log2Scale = log2(Double(y.scale))
                guard y.zeroPoint == 0, abs(log2Scale + 15) < 1e-3 else {
                    throw KernelError.unsupported("\(n.kind) to int16 \(n.describe(output)) with scale \(y.scale): the int16 kernel writes Q0.15 (scale 2^-15, zero point 0)")
                }
                sigmoid16 = Int16SigmoidTanh(inputScale: x.scale, isTanh: isTanh)
            } else {
                if !isTanh && y.scale != 1.0 / 256 {
                    throw KernelError.unsupported("LOGISTIC to \(n.describe(output)) with scale \(y.scale): the 8-bit kernel needs scale 1/256")
                }
                let transform: (Float) -> Float = isTanh ? { tanhf($0) } : { 1 / (1 + expf(-$0)) }
                table = QuantizedLookupTable(int8Like: x.type, input: x, output: y, transform)
            }
        case .hardSwish:
            guard x.type != .int16 else { throw KernelError.unsupported("HARD_SWISH of int16 \(n.describe(input)): TFLite has 8-bit kernels only") }
            guard let hardSwish = QuantizedHardSwish(x, y) else {
                throw KernelError.unsupported("HARD_SWISH from scale \(x.scale) to \(y.scale): the output multiplier (input scale/128/output scale) must not exceed 1")
            }
            integerFunction = { hardSwish($0) }
        default:
            throw n.invalid("not a quantized unary op")
        }
        lowestValidInput = lowest

        if x.type == .int16 {
            if let sigmoid16 {
                mapping = .sigmoid16(sigmoid16)
            } else if let table {
                mapping = .interpolated16(table)
            } else if let rescale {
                mapping = .rescale16(rescale)
            } else {
                throw KernelError.unsupported("\(n.kind) of int16 \(n.describe(input)) is not implemented")
            }
        } else {
            let f: (Int32) -> Int32 = integerFunction ?? rescale.map { r in { r($0) } } ?? { table?.lookup8($0) ?? 0 }
            mapping = .table8((x.minimum...x.maximum).map(f))
        }
    }

    /// GELU with erfc, as TFLite builds its tables (stable for large negative inputs).
    private static func gelu(_ v: Float) -> Float { 0.5 * v * erfcf(v * -Float(0.7071067811865476)) }

    /// The tanh approximation of GELU.
    private static func geluApproximate(_ v: Float) -> Float {
        let sqrt2OverPi = Float(1.1283791670955126 * 0.7071067811865476)
        return 0.5 * v * (1 + tanhf(sqrt2OverPi * (v + 0.044715 * v * v * v)))
    }

    /// TFLite's int8 RSQRT: `1/sqrt(q − zp)` as a fixed-point multiplier applied to 1 with a
    /// 20-bit headroom, then scaled by `1/(sqrt(s_in)·s_out)`; 0 maps to the maximum.
    private static func rsqrt8(_ x: AffineParameters, _ y: AffineParameters) -> (Int32) -> Int32 {
        let output = QuantizedMultiplier(1.0 / Double(sqrtf(x.scale) * y.scale))
        let headroom = 20
        let shiftedOutput = QuantizedMultiplier(multiplier: output.multiplier, shift: output.shift - headroom)
        return { q in
            let value = q - x.zeroPoint
            if value == 0 { return y.maximum }
            let inverse = GemmlowpFixedPoint.inverseSqrtMultiplier(max(value, 0))
            let data = QuantizedMultiplier(multiplier: inverse.multiplier, shift: inverse.shift + headroom).apply(Int32(1))
            return min(max(shiftedOutput.apply(data) &+ y.zeroPoint, y.minimum), y.maximum)
        }
    }

    func run(_ buffers: TensorBuffers) throws {
        if let lowestValidInput { try checkDomain(buffers, lowestValidInput) }
        switch (inputType, outputType) {
        case (.int8, .int8): map(buffers, Int8.self, Int8.self)
        case (.int8, .uint8): map(buffers, Int8.self, UInt8.self)
        case (.int8, _): map(buffers, Int8.self, Int16.self)
        case (.uint8, .uint8): map(buffers, UInt8.self, UInt8.self)
        case (.uint8, .int8): map(buffers, UInt8.self, Int8.self)
        case (.uint8, _): map(buffers, UInt8.self, Int16.self)
        case (_, .int8): map(buffers, Int16.self, Int8.self)
        case (_, .uint8): map(buffers, Int16.self, UInt8.self)
        default: map(buffers, Int16.self, Int16.self)
        }
    }

    private func checkDomain(_ buffers: TensorBuffers, _ lowest: Int32) throws {
        let check = { (value: Int32, i: Int) throws in
            if value < lowest { throw KernelError.invalidData("RSQRT: input element \(i) is \(value), below the zero point \(lowest): rsqrt is only defined for non-negative values") }
        }
        if inputType == .int16 {
            let x = buffers.pointer(input, as: Int16.self)
            for i in 0..<count { try check(Int32(x[i]), i) }
        } else {
            let x = buffers.pointer(input, as: Int8.self)
            for i in 0..<count { try check(Int32(x[i]), i) }
        }
    }

    @inline(__always)
    private func map<In: FixedWidthInteger, Out: FixedWidthInteger>(_ buffers: TensorBuffers, _: In.Type, _: Out.Type) {
        let x = buffers.pointer(input, as: In.self), y = buffers.mutablePointer(output, as: Out.self)
        switch mapping {
        case .table8(let table):
            table.withUnsafeBufferPointer { t in
                let low = Int(In.min)
                for i in 0..<count { y[i] = Out(truncatingIfNeeded: t[Int(x[i]) - low]) }
            }
        case .interpolated16(let table):
            for i in 0..<count { y[i] = Out(truncatingIfNeeded: table.lookup16(Int32(x[i]))) }
        case .rescale16(let rescale):
            for i in 0..<count { y[i] = Out(truncatingIfNeeded: rescale(Int32(x[i]))) }
        case .sigmoid16(let function):
            for i in 0..<count { y[i] = Out(truncatingIfNeeded: function(Int32(x[i]))) }
        }
    }
}
