import QuantRTCore

/// The checked shapes and window of a convolution (`CONV_2D`, grouped included, or
/// `DEPTHWISE_CONV_2D`) over an NHWC input, shared by the integer kernels.
struct ConvolutionGeometry {
    let batches: Int, inputHeight: Int, inputWidth: Int, inputDepth: Int
    let outputHeight: Int, outputWidth: Int, outputDepth: Int
    let filterHeight: Int, filterWidth: Int
    /// Input channels each filter reads (CONV_2D: per group; depthwise: 1).
    let filterDepth: Int
    /// CONV_2D: output channels per group; depthwise: the depth multiplier.
    let filtersPerGroup: Int
    let strideH: Int, strideW: Int, dilationH: Int, dilationW: Int
    let padTop: Int, padLeft: Int

    init(_ n: KernelNode, input: Int, filter: Int, output: Int, depthwise: Bool, padding: Padding,
         strideH: Int, strideW: Int, dilationH: Int, dilationW: Int) throws {
        try n.requireRank(input, 4, "input")
        try n.requireRank(filter, 4, "filter")
        let inShape = n.shape(input), filterShape = n.shape(filter)
        (batches, inputHeight, inputWidth, inputDepth) = (inShape[0], inShape[1], inShape[2], inShape[3])
        (filterHeight, filterWidth) = (filterShape[1], filterShape[2])
        if depthwise {
            guard filterShape[0] == 1 else { throw n.invalid("the filter \(n.describe(filter)) must have shape [1, H, W, C·multiplier]") }
            outputDepth = filterShape[3]
            guard inputDepth > 0, outputDepth > 0, outputDepth % inputDepth == 0 else {
                throw n.invalid("the filter \(n.describe(filter)) has \(outputDepth) channels, not a positive multiple of the depth \(inputDepth) of the input \(n.describe(input))")
            }
            filterDepth = 1
            filtersPerGroup = outputDepth / inputDepth
        } else {
            outputDepth = filterShape[0]
            filterDepth = filterShape[3]
            guard filterDepth > 0, inputDepth > 0, inputDepth % filterDepth == 0 else {
                throw n.invalid("the filter \(n.describe(filter)) has input depth \(filterDepth), which must divide the depth \(inputDepth) of the input \(n.describe(input))")
            }
            let groups = inputDepth / filterDepth
            guard outputDepth % groups == 0 else {
                throw n.invalid("the filter \(n.describe(filter)) has \(outputDepth) output channels, not a multiple of the \(groups) groups")
            }
            filtersPerGroup = outputDepth / groups
        }
        (self.strideH, self.strideW, self.dilationH, self.dilationW) = (strideH, strideW, dilationH, dilationW)
        let window = try Window2D(n, padding: padding, inputHeight: inputHeight, inputWidth: inputWidth,
                                  filterHeight: filterHeight, filterWidth: filterWidth, strideH: strideH, strideW: strideW,
                                  dilationH: dilationH, dilationW: dilationW)
        (outputHeight, outputWidth, padTop, padLeft) = (window.outputHeight, window.outputWidth, window.padTop, window.padLeft)
        try n.requireOutputShape(output, [batches, outputHeight, outputWidth, outputDepth],
                                 "from input \(inShape), filter \(filterShape), stride \(strideH)x\(strideW), dilation \(dilationH)x\(dilationW), \(padding) padding")
    }
}
