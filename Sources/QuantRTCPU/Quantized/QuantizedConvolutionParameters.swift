import QuantRTCore

/// What the integer CONV_2D and DEPTHWISE_CONV_2D kernels check and precompute alike: the
/// tensors, int8 or 16x8 activations, symmetric int8 weights per output channel, the bias, the
/// window geometry and the per-channel ``Requantizer``.
struct QuantizedConvolutionParameters {
    let input: Int, filter: Int, bias: Int?, output: Int
    let inputType: DType, biasType: DType
    let constantBias: [Int64]?
    let geometry: ConvolutionGeometry
    let inputOffset: Int32
    let requantize: Requantizer

    init(node: Node, graph: Graph, depthwise: Bool, padding: Padding, strideH: Int, strideW: Int,
         dilationH: Int, dilationW: Int, activation: FusedActivation) throws {
        let n = KernelNode(node: node, graph: graph)
        try n.requireInputCount(2...3)
        input = try n.input(0, "input")
        filter = try n.input(1, "filter")
        bias = try n.optionalInput(2, "bias")
        output = try n.output()
        let x = try n.affine(input, "input", allowed: [.int8, .int16])
        let y = try n.affine(output, "output", allowed: [.int8, .int16])
        try n.requireSameQuantizedType(x, y, "input and output")
        try n.requireSymmetricInt16(x, input, "input")
        try n.requireSymmetricInt16(y, output, "output")
        geometry = try ConvolutionGeometry(n, input: input, filter: filter, output: output, depthwise: depthwise, padding: padding,
                                           strideH: strideH, strideW: strideW, dilationH: dilationH, dilationW: dilationW)
        let channels = geometry.outputDepth
        let scales = try n.weightScales(filter, channels: channels, axis: depthwise ? 3 : 0, "filter")
        guard try n.weightZeroPoint(filter, "filter") == 0 else {
            throw KernelError.unsupported("\(n.kind) with an asymmetric int8 filter \(n.describe(filter)): weights must have zero point 0")
        }
        inputType = x.type
        biasType = bias.map { n.dtype($0) } ?? .int32
        constantBias = try bias.flatMap { try n.quantizedBias($0, channels: channels, allowed: x.type == .int16 ? [.int64, .int32] : [.int32]) }
        inputOffset = -x.zeroPoint
        requantize = Requantizer(realMultipliers: scales.map { x.scaleDouble * Double($0) / y.scaleDouble },
                                 outputZeroPoint: y.zeroPoint, range: try n.quantizedActivationRange(activation, y))
    }
}
