import QuantRT
import QuantRTCore

/// `FULLY_CONNECTED` in integers (TFLite's reference arithmetic): int8 input × int8 weights
/// (per-tensor, with an optional weight zero point, or per output channel) accumulated in int32
/// with an int32 bias; or int16 input × int8 weights in int64 with an int64 bias (16x8).
final class QuantizedFullyConnectedKernel: CPUKernel {
    let input: Int, weights: Int, bias: Int?, output: Int
    let inputType: DType, biasType: DType
    let constantBias: [Int64]?
    let batches: Int, depth: Int, units: Int
    let inputOffset: Int32, weightOffset: Int32
    let requantize: Requantizer
    /// Per-channel int8 weights: LiteRT requantizes these with a single rounding (measured
    /// against its reference tensors), per-tensor ones with gemmlowp's double rounding.
    let perChannel: Bool

    init(node: Node, graph: Graph) throws {
        guard case .fullyConnected(let attributes) = node.op else {
            throw KernelError.invalidNode("FULLY_CONNECTED kernel given a \(node.op.kind) node")
        }
        let n = KernelNode(node: node, graph: graph)
        try n.requireInputCount(2...3)
        input = try n.input(0, "input")
        weights = try n.input(1, "weights")
        bias = try n.optionalInput(2, "bias")
        output = try n.output()
        let x = try n.affine(input, "input", allowed: [.int8, .int16])
        let y = try n.affine(output, "output", allowed: [.int8, .int16])
        try n.requireSameQuantizedType(x, y, "input and output")
        try n.requireSymmetricInt16(x, input, "input")
        try n.requireSymmetricInt16(y, output, "output")
        (batches, depth, units) = try FullyConnectedShape.check(n, input: input, weights: weights, output: output, keepNumDims: attributes.keepNumDims)
        let scales = try n.weightScales(weights, channels: units, axis: 0, "weights")
        weightOffset = -(try n.weightZeroPoint(weights, "weights"))
        inputType = x.type
        biasType = bias.map { n.dtype($0) } ?? .int32
        let channels = units
        constantBias = try bias.flatMap { try n.quantizedBias($0, channels: channels, allowed: x.type == .int16 ? [.int64, .int32] : [.int32]) }
        inputOffset = -x.zeroPoint
        let perChannel = (graph.tensors[weights].quantization?.scales.count ?? 1) > 1
        self.perChannel = perChannel
        // TFLite multiplies the two float scales in float for per-tensor weights and in double
        // per channel; the rounding of the multiplier follows suit.
        let multipliers = scales.map { s in
            perChannel ? x.scaleDouble * Double(s) / y.scaleDouble : Double(x.scale * s) / y.scaleDouble
        }
        requantize = Requantizer(realMultipliers: multipliers, outputZeroPoint: y.zeroPoint,
                                 range: try n.quantizedActivationRange(attributes.activation, y))
    }

    func run(_ buffers: TensorBuffers) throws {
        let w = buffers.pointer(weights, as: Int8.self)
        let b = bias.map { UnsafeRawPointer(buffers[$0]) }
        switch inputType {
        case .int8: multiply(buffers.pointer(input, as: Int8.self), w, b, buffers.mutablePointer(output, as: Int8.self), accumulator: Int32.self)
        default: multiply(buffers.pointer(input, as: Int16.self), w, b, buffers.mutablePointer(output, as: Int16.self), accumulator: Int64.self)
        }
    }

    @inline(__always)
    private func multiply<T: FixedWidthInteger, A: FixedWidthInteger & SignedInteger>(
        _ x: UnsafePointer<T>, _ w: UnsafePointer<Int8>, _ b: UnsafeRawPointer?, _ y: UnsafeMutablePointer<T>, accumulator: A.Type
    ) {
        let xOffset = A(inputOffset), wOffset = A(weightOffset)
        for batch in 0..<batches {
            let xs = x + batch * depth
            for unit in 0..<units {
                let ws = w + unit * depth
                var sum: A = 0
                for k in 0..<depth { sum &+= (A(ws[k]) &+ wOffset) &* (A(xs[k]) &+ xOffset) }
                let biasValue = constantBias?[unit] ?? b.map { readBias($0, biasType, unit) } ?? 0
                // TFLite's 16x8 FULLY_CONNECTED narrows its int64 sum to int32 and requantizes with
                // the 32-bit multiplier (unlike CONV_2D, which keeps 64 bits); so do we.
                let result = A.bitWidth == 64
                    ? requantize(Int32(truncatingIfNeeded: Int64(sum) &+ biasValue), channel: unit)
                    : perChannel
                    ? requantize.singleRounding(Int32(truncatingIfNeeded: sum) &+ Int32(truncatingIfNeeded: biasValue), channel: unit)
                    : requantize(Int32(truncatingIfNeeded: sum) &+ Int32(truncatingIfNeeded: biasValue), channel: unit)
                y[batch * units + unit] = T(truncatingIfNeeded: result)
            }
        }
    }
}

/// The shape rules of `FULLY_CONNECTED`, shared by the float, hybrid and integer kernels.
enum FullyConnectedShape {
    /// Returns (batches, depth, units) after checking the input, weights `[units, depth]` and output.
    static func check(_ n: KernelNode, input: Int, weights: Int, output: Int, keepNumDims: Bool) throws -> (Int, Int, Int) {
        try n.requireRank(weights, 2, "weights")
        let inShape = n.shape(input)
        let (units, depth) = (n.shape(weights)[0], n.shape(weights)[1])
        let count = inShape.elementCount
        guard inShape.rank >= 1, depth > 0, count % depth == 0 else {
            throw n.invalid("the input \(n.describe(input)) has \(count) elements, not a multiple of the depth \(depth) of the weights \(n.describe(weights))")
        }
        let expected: Shape
        if keepNumDims {
            guard inShape[-1] == depth else {
                throw n.invalid("with keep_num_dims the last dimension of the input \(n.describe(input)) must equal the depth \(depth) of the weights \(n.describe(weights))")
            }
            var dims = inShape.dims
            dims[dims.count - 1] = units
            expected = Shape(dims)
        } else {
            expected = [count / depth, units]
        }
        try n.requireOutputShape(output, expected, "from input \(inShape), weights \(n.shape(weights)), keep_num_dims \(keepNumDims)")
        return (count / depth, depth, units)
    }
}
