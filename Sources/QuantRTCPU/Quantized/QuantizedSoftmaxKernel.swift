#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import QuantRT
import QuantRTCore

/// SOFTMAX along the last axis in TFLite's reference integer arithmetic.
///
/// int8 (or uint8) input: differences to the row maximum are scaled by `beta·s_in` into 5
/// integer bits, exponentiated with gemmlowp's fixed-point `exp`, summed with 12 integer bits
/// and multiplied by the fixed-point reciprocal of the sum; differences below `diff_min` give
/// exactly 0. The output (int8, uint8 or int16) starts at its type's minimum.
///
/// int16 input: differences scaled so [−65535, 0] covers [−10, 0], an interpolated exp table,
/// an interpolated `1/(1+x)` table for the reciprocal of the sum, output in Q0.15.
final class QuantizedSoftmaxKernel: CPUKernel {
    private let input: Int, output: Int
    private let inputType: DType, outputType: DType
    private let rows: Int, depth: Int
    private let inputMultiplier: QuantizedMultiplier
    private let differenceMinimum: Int32
    private let expTable: QuantizedLookupTable?, reciprocalTable: QuantizedLookupTable?
    /// 8-bit inputs: the fixed-point exp of every possible difference to the row maximum
    /// (index −difference, 0...255) and its rescaled accumulation term — the same values the
    /// per-element computation gives, computed once at prepare.
    private let exp8: [Int32], accumulated8: [Int32]

    init(node: Node, graph: Graph) throws {
        let n = KernelNode(node: node, graph: graph)
        guard case .softmax(let beta) = node.op else { throw n.invalid("not a SOFTMAX") }
        try n.requireInputCount(1...1)
        input = try n.input(0)
        output = try n.output()
        let x = try n.affine(input, "input"), y = try n.affine(output, "output")
        inputType = x.type
        outputType = y.type
        let dims = n.shape(input).dims
        try n.requireOutputShape(output, dims)
        depth = dims.last ?? 1
        rows = depth == 0 ? 0 : n.shape(input).elementCount / depth
        // The kernels write probabilities in a fixed format; TFLite refuses any other output quantization.
        let expected: (zeroPoint: Int32, scale: Float) = x.type == .int16 ? (0, 1 / 32768) : (y.minimum, y.type == .int16 ? 1 / 65536 : 1 / 256)
        guard y.zeroPoint == expected.zeroPoint, abs(y.scale - expected.scale) <= 0.001 * expected.scale else {
            throw KernelError.unsupported("SOFTMAX to \(n.describe(output)) with scale \(y.scale), zero point \(y.zeroPoint): the quantized kernel needs scale \(expected.scale), zero point \(expected.zeroPoint)")
        }
        if x.type == .int16 {
            guard y.type == .int16 else { throw KernelError.unsupported("SOFTMAX from int16 \(n.describe(input)) to \(n.describe(output)): int16 input needs an int16 output") }
            try n.requireSymmetricInt16(x, input, "input")
            try n.requireSymmetricInt16(y, output, "output")
            // float product widened, divided in double, as TFLite's Prepare.
            inputMultiplier = try n.multiplier(Double(x.scale * beta) / (10.0 / 65535.0), "input")
            differenceMinimum = .min
            let range = 65535.0
            expTable = QuantizedLookupTable(int16InputScale: 10.0 / range, inputZeroPoint: 32767, outputScale: 2.0 / range, outputZeroPoint: 0) { exp($0) }
            reciprocalTable = QuantizedLookupTable(int16InputScale: 1.0 / range, inputZeroPoint: -32768, outputScale: 2.0 / range, outputZeroPoint: 0) { 1.0 / (1.0 + $0) }
        } else {
            guard y.type == x.type || y.type == .int16 else {
                throw KernelError.unsupported("SOFTMAX from \(n.describe(input)) to \(n.describe(output)): the output must have the input's type or int16")
            }
            // PreprocessSoftmaxScaling with 5 integer bits for the scaled differences.
            let integerBits = 5
            let real = min(Double(beta) * x.scaleDouble * Double(1 << (31 - integerBits)), Double((1 << 31) - 1))
            inputMultiplier = try n.multiplier(real, "input")
            // TFLite's QuantizeMultiplierGreaterThanOne: the scaled differences need a left shift.
            guard inputMultiplier.shift >= 0 else {
                throw KernelError.unsupported("SOFTMAX with beta \(beta) and input scale \(x.scale): beta·scale·2^26 is below 1/2, which the integer kernel cannot represent")
            }
            // CalculateInputRadius: the largest difference that still fits after scaling.
            let radius = Double((1 << integerBits) - 1) * Double(1 << (31 - integerBits)) / Double(1 << inputMultiplier.shift)
            differenceMinimum = -Int32(radius.rounded(.down))
            expTable = nil
            reciprocalTable = nil
        }
        if x.type == .int16 {
            (exp8, accumulated8) = ([], [])
        } else {
            let multiplier = inputMultiplier
            let exps = (0...255).map { (negated: Int) -> Int32 in
                let scaled = saturatingRoundingDoublingHighMul(Int32(-negated) &* (1 << Int32(multiplier.shift)), multiplier.multiplier)
                return GemmlowpFixedPoint.expOnNegativeValues(scaled, integerBits: 5)
            }
            exp8 = exps
            accumulated8 = exps.map { GemmlowpFixedPoint.rescale($0, from: 0, to: 12) }
        }
    }

    func run(_ buffers: TensorBuffers) throws {
        switch (inputType, outputType) {
        case (.int16, _): softmax16(buffers.pointer(input, as: Int16.self), buffers.mutablePointer(output, as: Int16.self))
        case (.int8, .int8): softmax8(buffers.pointer(input, as: Int8.self), buffers.mutablePointer(output, as: Int8.self))
        case (.int8, _): softmax8(buffers.pointer(input, as: Int8.self), buffers.mutablePointer(output, as: Int16.self))
        case (_, .uint8): softmax8(buffers.pointer(input, as: UInt8.self), buffers.mutablePointer(output, as: UInt8.self))
        default: softmax8(buffers.pointer(input, as: UInt8.self), buffers.mutablePointer(output, as: Int16.self))
        }
    }

    @inline(__always)
    private func softmax8<In: FixedWidthInteger, Out: FixedWidthInteger>(_ x: UnsafePointer<In>, _ y: UnsafeMutablePointer<Out>) {
        let accumulationBits = 12
        let outMin = Int32(Out.min), outMax = Int32(Out.max)
        for row in 0..<rows {
            let xr = x + row * depth, yr = y + row * depth
            var rowMax = Int32(In.min)
            for c in 0..<depth { rowMax = max(rowMax, Int32(xr[c])) }
            var sum: Int32 = 0
            for c in 0..<depth {
                let difference = Int32(xr[c]) - rowMax
                guard difference >= differenceMinimum else { continue }
                sum = sum &+ accumulated8[Int(-difference)]
            }
            let (scale, bitsOverUnit) = GemmlowpFixedPoint.reciprocal(sum, integerDigits: accumulationBits)
            let exponent = bitsOverUnit + 31 - Out.bitWidth
            for c in 0..<depth {
                let difference = Int32(xr[c]) - rowMax
                guard difference >= differenceMinimum else {
                    yr[c] = Out(truncatingIfNeeded: outMin)
                    continue
                }
                let e = exp8[Int(-difference)]
                let unsaturated = roundingDivideByPowerOfTwo(GemmlowpFixedPoint.multiply(scale, e), exponent)
                yr[c] = Out(truncatingIfNeeded: min(max(unsaturated &+ outMin, outMin), outMax))
            }
        }
    }

    @inline(__always)
    private func softmax16(_ x: UnsafePointer<Int16>, _ y: UnsafeMutablePointer<Int16>) {
        guard let expTable, let reciprocalTable else { return }
        for row in 0..<rows {
            let xr = x + row * depth, yr = y + row * depth
            var rowMax = Int32(Int16.min)
            for c in 0..<depth { rowMax = max(rowMax, Int32(xr[c])) }
            // The exponentials (Q0.15) are cached in the output row.
            var sum: Int32 = 0
            for c in 0..<depth {
                let scaled = inputMultiplier.apply(Int32(xr[c]) - rowMax)
                let symmetric = min(max(scaled &+ 32767, -32768), 32767)
                let e = expTable.lookup16(symmetric)
                yr[c] = Int16(truncatingIfNeeded: e)
                sum &+= e
            }
            let headroomPlusOne = UInt32(bitPattern: sum).leadingZeroBitCount
            let shiftedSum = Int32(truncatingIfNeeded: ((Int64(sum) << Int64(headroomPlusOne - 1)) + (1 << 13)) >> 14)
            let symmetricSum = min(max(shiftedSum &- ((1 << 15) + (1 << 16)), -32768), 32767)
            let reciprocal = Int64(reciprocalTable.lookup16(symmetricSum))
            let rightShift = Int64(31 - headroomPlusOne)
            let round = Int64(1) << (rightShift - 1)
            for c in 0..<depth {
                let result = Int32(truncatingIfNeeded: (Int64(yr[c]) * reciprocal + round) >> rightShift)
                yr[c] = Int16(min(max(result, 0), 32767))
            }
        }
    }
}
