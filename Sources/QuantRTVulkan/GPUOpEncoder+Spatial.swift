import QuantRTCore

/// TFLite's window arithmetic: output size and leading padding.
enum Window {
    static func outputSize(_ padding: Padding, input: Int, filter: Int, stride: Int, dilation: Int = 1) -> Int {
        let effective = (filter - 1) * dilation + 1
        return padding == .same ? (input + stride - 1) / stride : (input + stride - effective) / stride
    }

    static func padBefore(input: Int, output: Int, filter: Int, stride: Int, dilation: Int = 1) -> Int {
        max((output - 1) * stride + (filter - 1) * dilation + 1 - input, 0) / 2
    }
}

extension GPUOpEncoder {
    /// Input, output and their NHWC dimensions, checked to be rank 4 with the same batch.
    func imagePair() throws -> (input: Int, output: Int, inDims: [Int], outDims: [Int]) {
        let x = try input(0), y = try output()
        let inDims = dims(x), outDims = dims(y)
        guard inDims.count == 4, outDims.count == 4, inDims[0] == outDims[0] else {
            throw GPUUnsupported("\(node.op.kind) needs NHWC input and output with the same batch")
        }
        return (x, y, inDims, outDims)
    }

    func conv2D(_ a: Conv2DAttributes) throws -> GPUNodePlan {
        try checkTypes()
        let (x, y, i, o) = try imagePair()
        let filter = try input(1), f = dims(filter)
        guard f.count == 4, f[3] == i[3], f[0] == o[3] else { throw GPUUnsupported("CONV_2D filter \(f) does not fit input \(i) / output \(o) (grouped convolution?)") }
        guard o[1] == Window.outputSize(a.padding, input: i[1], filter: f[1], stride: a.strideH, dilation: a.dilationH),
              o[2] == Window.outputSize(a.padding, input: i[2], filter: f[2], stride: a.strideW, dilation: a.dilationW) else {
            throw GPUUnsupported("CONV_2D output \(o) does not match the window arithmetic")
        }
        let bias = node.input(2)
        if let bias { guard count(bias) == f[0] else { throw GPUUnsupported("CONV_2D bias size") } }
        let padTop = Window.padBefore(input: i[1], output: o[1], filter: f[1], stride: a.strideH, dilation: a.dilationH)
        let padLeft = Window.padBefore(input: i[2], output: o[2], filter: f[2], stride: a.strideW, dilation: a.dilationW)
        let pointwise = f[1] == 1 && f[2] == 1 && a.strideH == 1 && a.strideW == 1 && padTop == 0 && padLeft == 0
        let parameters = [i[0], i[1], i[2], i[3], o[1], o[2], o[3], f[1], f[2], a.strideH, a.strideW, a.dilationH, a.dilationW,
                          padTop, padLeft, try activationCode(a.activation), bias == nil ? 0 : 1]
        var bindings: [Int: GPUOperand] = [0: .tensor(x), 1: .tensor(filter), 3: .tensor(y)]
        if let bias { bindings[2] = .tensor(bias) }
        let dispatch = GPUDispatch("conv2d", constants: [pointwise ? 1 : 0, i[3] % 4 == 0 ? 1 : 0], parameters: parameters,
                                   bindings: bindings, invocations: ((o[0] * o[1] * o[2] + 7) / 8) * ((o[3] + 7) / 8))
        return .dispatches([dispatch])
    }

    func depthwiseConv2D(_ a: DepthwiseConv2DAttributes) throws -> GPUNodePlan {
        try checkTypes()
        let (x, y, i, o) = try imagePair()
        let filter = try input(1), f = dims(filter)
        guard f.count == 4, f[0] == 1, f[3] == o[3], o[3] % i[3] == 0 else { throw GPUUnsupported("DEPTHWISE_CONV_2D filter \(f) does not fit \(i) → \(o)") }
        guard o[1] == Window.outputSize(a.padding, input: i[1], filter: f[1], stride: a.strideH, dilation: a.dilationH),
              o[2] == Window.outputSize(a.padding, input: i[2], filter: f[2], stride: a.strideW, dilation: a.dilationW) else {
            throw GPUUnsupported("DEPTHWISE_CONV_2D output \(o) does not match the window arithmetic")
        }
        let bias = node.input(2)
        if let bias { guard count(bias) == o[3] else { throw GPUUnsupported("DEPTHWISE_CONV_2D bias size") } }
        let padTop = Window.padBefore(input: i[1], output: o[1], filter: f[1], stride: a.strideH, dilation: a.dilationH)
        let padLeft = Window.padBefore(input: i[2], output: o[2], filter: f[2], stride: a.strideW, dilation: a.dilationW)
        let parameters = [i[0], i[1], i[2], i[3], o[1], o[2], o[3], f[1], f[2], a.strideH, a.strideW, a.dilationH, a.dilationW,
                          padTop, padLeft, try activationCode(a.activation), bias == nil ? 0 : 1, o[3] / i[3]]
        var bindings: [Int: GPUOperand] = [0: .tensor(x), 1: .tensor(filter), 3: .tensor(y)]
        if let bias { bindings[2] = .tensor(bias) }
        // The strip path: four channels at a time, multiplier 1, no horizontal dilation, a small filter.
        if i[3] % 4 == 0 && o[3] == i[3] && a.dilationW == 1 && f[2] <= 7 && a.strideW <= 2 {
            return .dispatches([GPUDispatch("depthwise_conv2d", constants: [1, Int32(f[2]), Int32(a.strideW)], parameters: parameters,
                                            bindings: bindings, invocations: o[0] * o[1] * ((o[2] + 3) / 4) * (o[3] / 4))])
        }
        return .dispatches([GPUDispatch("depthwise_conv2d", parameters: parameters, bindings: bindings, invocations: count(y))])
    }

    func transposeConv(_ a: TransposeConvAttributes) throws -> GPUNodePlan {
        try checkTypes(intInputs: [0])
        let filter = try input(1), x = try input(2), y = try output()
        let i = dims(x), o = dims(y), f = dims(filter)
        guard i.count == 4, o.count == 4, f.count == 4, f[3] == i[3], f[0] == o[3], i[0] == o[0] else {
            throw GPUUnsupported("TRANSPOSE_CONV shapes \(i), \(f) → \(o)")
        }
        guard i[1] == Window.outputSize(a.padding, input: o[1], filter: f[1], stride: a.strideH),
              i[2] == Window.outputSize(a.padding, input: o[2], filter: f[2], stride: a.strideW) else {
            throw GPUUnsupported("TRANSPOSE_CONV input \(i) does not match the output \(o)")
        }
        let bias = node.input(3)
        let padTop = Window.padBefore(input: o[1], output: i[1], filter: f[1], stride: a.strideH)
        let padLeft = Window.padBefore(input: o[2], output: i[2], filter: f[2], stride: a.strideW)
        let parameters = [i[0], i[1], i[2], i[3], o[1], o[2], o[3], f[1], f[2], a.strideH, a.strideW, padTop, padLeft,
                          try activationCode(a.activation), bias == nil ? 0 : 1]
        var bindings: [Int: GPUOperand] = [0: .tensor(x), 1: .tensor(filter), 3: .tensor(y)]
        if let bias { bindings[2] = .tensor(bias) }
        return .dispatches([GPUDispatch("transpose_conv", parameters: parameters, bindings: bindings, invocations: count(y))])
    }

    func pool(_ a: Pool2DAttributes, average: Bool) throws -> GPUNodePlan {
        try checkTypes()
        let (x, y, i, o) = try imagePair()
        guard i[3] == o[3],
              o[1] == Window.outputSize(a.padding, input: i[1], filter: a.filterH, stride: a.strideH),
              o[2] == Window.outputSize(a.padding, input: i[2], filter: a.filterW, stride: a.strideW) else {
            throw GPUUnsupported("\(node.op.kind) output \(o) does not match the window arithmetic")
        }
        let padTop = Window.padBefore(input: i[1], output: o[1], filter: a.filterH, stride: a.strideH)
        let padLeft = Window.padBefore(input: i[2], output: o[2], filter: a.filterW, stride: a.strideW)
        let parameters = [i[0], i[1], i[2], i[3], o[1], o[2], a.filterH, a.filterW, a.strideH, a.strideW, padTop, padLeft,
                          try activationCode(a.activation)]
        return .dispatches([GPUDispatch("pool2d", constants: [average ? 1 : 0], parameters: parameters,
                                        bindings: [0: .tensor(x), 3: .tensor(y)], invocations: count(y))])
    }

    func resize(_ a: ResizeAttributes, nearest: Bool) throws -> GPUNodePlan {
        try checkTypes(intInputs: [1])
        let (x, y, i, o) = try imagePair()
        guard i[3] == o[3] else { throw GPUUnsupported("\(node.op.kind) changes the channel count") }
        func scale(_ input: Int, _ output: Int) -> Float {
            a.alignCorners && output > 1 ? Float(input - 1) / Float(output - 1) : Float(input) / Float(output)
        }
        let parameters = [i[0], i[1], i[2], i[3], o[1], o[2], scale(i[1], o[1]).parameterBits, scale(i[2], o[2]).parameterBits,
                          a.alignCorners ? 1 : 0, a.halfPixelCenters ? 1 : 0]
        return .dispatches([GPUDispatch("resize", constants: [nearest ? 1 : 0], parameters: parameters,
                                        bindings: [0: .tensor(x), 3: .tensor(y)], invocations: count(y))])
    }

    func depthToSpace(_ block: Int) throws -> GPUNodePlan {
        try checkTypes()
        let (x, y, i, o) = try imagePair()
        let c = o[3]
        guard block >= 1, o[1] == i[1] * block, o[2] == i[2] * block, i[3] == c * block * block else {
            throw GPUUnsupported("DEPTH_TO_SPACE shapes \(i) → \(o) with block \(block)")
        }
        // Iterate (n, h, by, w, bx, c) over the output layout.
        let iterate = [i[0], i[1], block, i[2], block, c]
        let source = [i[1] * i[2] * i[3], i[2] * i[3], block * c, i[3], c, 1]
        let destination = [o[1] * o[2] * c, block * o[2] * c, o[2] * c, block * c, c, 1]
        return .dispatches([copy(from: x, to: y, dims: iterate, source: source, destination: destination)])
    }
}
