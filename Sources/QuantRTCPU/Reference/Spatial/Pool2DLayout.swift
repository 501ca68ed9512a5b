import QuantRTCore

/// What `MAX_POOL_2D` and `AVERAGE_POOL_2D` share: the checked tensors and the window geometry.
struct Pool2DLayout {
    let input: Int, output: Int
    let batches: Int, inputHeight: Int, inputWidth: Int, depth: Int
    let outputHeight: Int, outputWidth: Int
    let filterHeight: Int, filterWidth: Int
    let strideH: Int, strideW: Int, padTop: Int, padLeft: Int
    let activation: FusedActivation

    /// Checks the node; `allowQuantized` lets int8, uint8 and int16 tensors through (the
    /// integer kernels check their quantization), otherwise both must be float32.
    init(node: Node, graph: Graph, attributes: Pool2DAttributes, allowQuantized: Bool = false) throws {
        let spatial = KernelNode(node: node, graph: graph)
        try spatial.requireInputCount(1...1)
        input = try spatial.input(0, "input")
        output = try spatial.output()
        if allowQuantized {
            guard quantizedActivationTypes.contains(spatial.dtype(input)), spatial.dtype(output) == spatial.dtype(input) else {
                throw KernelError.unsupported("\(spatial.kind) from \(spatial.describe(input)) to \(spatial.describe(output)): the integer kernel takes int8, uint8 or int16 of one dtype")
            }
        } else {
            try spatial.requireFloat32(input, "input")
            try spatial.requireFloat32(output, "output")
        }
        try spatial.requireRank(input, 4, "input")
        let inShape = spatial.shape(input)
        (batches, inputHeight, inputWidth, depth) = (inShape[0], inShape[1], inShape[2], inShape[3])
        (filterHeight, filterWidth) = (attributes.filterH, attributes.filterW)
        (strideH, strideW) = (attributes.strideH, attributes.strideW)
        let window = try Window2D(spatial, padding: attributes.padding, inputHeight: inputHeight, inputWidth: inputWidth,
                                  filterHeight: filterHeight, filterWidth: filterWidth, strideH: strideH, strideW: strideW)
        (outputHeight, outputWidth, padTop, padLeft) = (window.outputHeight, window.outputWidth, window.padTop, window.padLeft)
        try spatial.requireOutputShape(output, [batches, outputHeight, outputWidth, depth],
                                       "from input \(inShape), filter \(filterHeight)x\(filterWidth), stride \(strideH)x\(strideW), \(attributes.padding) padding")
        activation = attributes.activation
    }

    /// The window rows (or columns) that fall inside the input: TFLite skips padded cells
    /// instead of reading them as zeros.
    @inline(__always)
    static func clippedRange(origin: Int, filter: Int, input: Int) -> Range<Int> {
        let start = Swift.max(0, -origin), end = Swift.min(filter, input - origin)
        return start..<Swift.max(start, end)
    }
}
