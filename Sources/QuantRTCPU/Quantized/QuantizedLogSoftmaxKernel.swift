import QuantRT
import QuantRTCore

/// LOG_SOFTMAX of int8 along the last axis (TFLite's `reference_integer_ops::LogSoftmax`):
/// differences to the row maximum scaled into 5 integer bits, the exponentials summed with 12
/// integer bits as in SOFTMAX, the fixed-point logarithm of the sum subtracted, and the result
/// written at scale 16/256, zero point 127. Differences that cannot be represented after the
/// subtraction give the minimum.
final class QuantizedLogSoftmaxKernel: CPUKernel {
    private let input: Int, output: Int
    private let rows: Int, depth: Int
    private let inputMultiplier: QuantizedMultiplier
    /// Maps a 5-integer-bit value back to input differences (TFLite's reverse scaling divisor).
    private let reverseMultiplier: QuantizedMultiplier
    private let differenceMinimum: Int32

    init(node: Node, graph: Graph) throws {
        let n = KernelNode(node: node, graph: graph)
        guard case .logSoftmax = node.op else { throw n.invalid("not a LOG_SOFTMAX") }
        try n.requireInputCount(1...1)
        input = try n.input(0)
        output = try n.output()
        let x = try n.affine(input, "input", allowed: [.int8]), y = try n.affine(output, "output", allowed: [.int8])
        guard y.scale == 16.0 / 256, y.zeroPoint == 127 else {
            throw KernelError.unsupported("LOG_SOFTMAX to \(n.describe(output)) with scale \(y.scale), zero point \(y.zeroPoint): the int8 kernel writes scale 16/256, zero point 127")
        }
        let dims = n.shape(input).dims
        try n.requireOutputShape(output, dims)
        depth = dims.last ?? 1
        rows = depth == 0 ? 0 : n.shape(input).elementCount / depth
        // PreprocessLogSoftmaxScalingExp with beta 1 and 5 integer bits.
        let integerBits = 5
        let real = min(x.scaleDouble * Double(1 << (31 - integerBits)), Double((1 << 31) - 1))
        inputMultiplier = try n.multiplier(real, "input")
        guard inputMultiplier.shift >= 1 else {
            throw KernelError.unsupported("LOG_SOFTMAX with input scale \(x.scale): the scaled differences need a left shift of at least 1")
        }
        reverseMultiplier = QuantizedMultiplier(Double(1 << (31 - inputMultiplier.shift)) / Double(inputMultiplier.multiplier))
        let radius = Double((1 << integerBits) - 1) * Double(1 << (31 - integerBits)) / Double(1 << inputMultiplier.shift)
        differenceMinimum = -Int32(radius.rounded(.down))
    }

    func run(_ buffers: TensorBuffers) throws {
        let x = buffers.pointer(input, as: Int8.self), y = buffers.mutablePointer(output, as: Int8.self)
        let diffBits = 5, accumulationBits = 12, outputBits = 4
        for row in 0..<rows {
            let xr = x + row * depth, yr = y + row * depth
            var rowMax = Int32(Int8.min)
            for c in 0..<depth { rowMax = max(rowMax, Int32(xr[c])) }
            var sum: Int32 = 0
            for c in 0..<depth {
                let difference = Int32(xr[c]) - rowMax
                guard difference >= differenceMinimum else { continue }
                let e = GemmlowpFixedPoint.expOnNegativeValues(inputMultiplier.apply(difference), integerBits: diffBits)
                sum = sum &+ GemmlowpFixedPoint.rescale(e, from: 0, to: accumulationBits)
            }
            let logSum = GemmlowpFixedPoint.logOfXAtLeastOne(sum, inputIntegerBits: accumulationBits, outputIntegerBits: diffBits)
            let adjustedMinimum = max(differenceMinimum - 1, reverseMultiplier.apply(logSum &+ Int32.min))
            for c in 0..<depth {
                let difference = Int32(xr[c]) - rowMax
                guard difference > adjustedMinimum else {
                    yr[c] = .min
                    continue
                }
                let scaled = inputMultiplier.apply(difference)
                let value = roundingDivideByPowerOfTwo(scaled &- logSum, 31 - diffBits - outputBits) &+ 127
                yr[c] = Int8(min(max(value, -128), 127))
            }
        }
    }
}
