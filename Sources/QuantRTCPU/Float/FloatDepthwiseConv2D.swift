#if canImport(Glibc)
import Glibc
#endif
import CQuantRTKernels
import QuantRT
import QuantRTCore

/// `DEPTHWISE_CONV_2D` in float32 with SIMD across channels, for depth multiplier 1 and a constant
/// filter (and bias). Channels go in blocks of ``lanes``; the filter is repacked once into
/// `[block][fy][fx][lane]` so one block's taps are contiguous, and the bias seeds the accumulator.
/// Channels past the last full block take a scalar path over the same packed layout. Where the CPU
/// has AVX2 and FMA, blocks are 8 channels and every row runs in `qrt_dwconv_f32_avx2` (fused
/// multiply-adds, the tail block masked) instead of the Swift loops.
final class FloatDepthwiseConv2DKernel: CPUKernel {
    /// Four lanes match SSE, the default x86-64 target: SIMD8 was split into halves with extra shuffles.
    typealias Vector = SIMD4<Float>
    static let lanes = Vector.scalarCount
    /// Whether rows run in the AVX2 kernel (`QUANTRT_DISABLE_AVX2` forces the Swift loops).
    static let useAVX2 = qrt_cpu_has_avx2_fma() != 0 && getenv("QUANTRT_DISABLE_AVX2") == nil
    /// Channels per packed weight block: 8 for the AVX2 kernel, else ``lanes``.
    static let packedLanes = useAVX2 ? 8 : lanes

    let input: Int, output: Int
    let batches: Int, inputHeight: Int, inputWidth: Int, channels: Int
    let outputHeight: Int, outputWidth: Int
    let filterHeight: Int, filterWidth: Int
    let strideH: Int, strideW: Int, dilationH: Int, dilationW: Int
    let padTop: Int, padLeft: Int
    /// Channels covered by whole SIMD blocks; the rest (`channels - vectorChannels`) are scalar.
    let vectorChannels: Int
    /// `[block][fy][fx][lane]`, lanes past the last channel zero.
    let weights: UnsafeMutablePointer<Float>
    /// One value per channel rounded up to whole blocks; zeros when the node has no bias.
    let bias: UnsafeMutablePointer<Float>
    /// Clamp bounds for relu-style activations; `nil` when there is nothing to clamp.
    let clamp: (lower: Vector, upper: Vector)?
    /// `tanh`/`signBit` are not clamps: applied per value once a row is stored.
    let scalarActivation: FusedActivation?
    /// Output columns whose whole window lies inside the input, so they need no bounds checks.
    let interiorColumns: Range<Int>
    /// The same geometry for the AVX2 kernel.
    let kernelGeometry: qrt_dw_geometry
    let pool: CPUThreadPool

    /// Returns `nil` when the node is valid but not one this kernel handles (a filter or bias that is
    /// not a constant, a depth multiplier above 1): the caller then keeps the reference kernel.
    /// The caller must have built the reference kernel first, which validates the node.
    init?(node: Node, graph: Graph, pool: CPUThreadPool = .serial) {
        guard case .depthwiseConv2D(let attributes) = node.op, node.inputs.count >= 2,
              let inputIndex = node.input(0), let filterIndex = node.input(1), node.outputs.count == 1 else { return nil }
        let inShape = graph.tensors[inputIndex].shape, filterShape = graph.tensors[filterIndex].shape
        let channels = inShape[3]
        // A depth multiplier above 1 would need a gather of input lanes; rare in real models.
        guard filterShape[3] == channels,
              let filterValues = Self.constantFloats(filterIndex, count: filterShape.elementCount, graph) else { return nil }
        let biasIndex = node.input(2)
        var biasValues: [Float]?
        if let biasIndex {
            guard let values = Self.constantFloats(biasIndex, count: channels, graph) else { return nil }
            biasValues = values
        }

        input = inputIndex
        output = node.outputs[0]
        self.pool = pool
        (batches, inputHeight, inputWidth, self.channels) = (inShape[0], inShape[1], inShape[2], channels)
        (filterHeight, filterWidth) = (filterShape[1], filterShape[2])
        (strideH, strideW, dilationH, dilationW) = (attributes.strideH, attributes.strideW, attributes.dilationH, attributes.dilationW)
        outputHeight = SlidingWindow.outputSize(attributes.padding, input: inputHeight, filter: filterHeight, stride: strideH, dilation: dilationH)
        outputWidth = SlidingWindow.outputSize(attributes.padding, input: inputWidth, filter: filterWidth, stride: strideW, dilation: dilationW)
        padTop = SlidingWindow.padBefore(input: inputHeight, output: outputHeight, filter: filterHeight, stride: strideH, dilation: dilationH)
        padLeft = SlidingWindow.padBefore(input: inputWidth, output: outputWidth, filter: filterWidth, stride: strideW, dilation: dilationW)

        let lanes = Self.packedLanes
        let blocks = (channels + lanes - 1) / lanes
        vectorChannels = channels / Self.lanes * Self.lanes
        let taps = filterHeight * filterWidth
        weights = .allocate(capacity: blocks * taps * lanes)
        weights.initialize(repeating: 0, count: blocks * taps * lanes)
        for tap in 0..<taps {
            for c in 0..<channels {
                weights[((c / lanes) * taps + tap) * lanes + c % lanes] = filterValues[tap * channels + c]
            }
        }
        bias = .allocate(capacity: blocks * lanes)
        bias.initialize(repeating: 0, count: blocks * lanes)
        if let biasValues { bias.update(from: biasValues, count: channels) }

        switch attributes.activation {
        case .none: (clamp, scalarActivation) = (nil, nil)
        case .relu, .relu6, .reluN1To1:
            let bounds = attributes.activation.floatBounds!
            (clamp, scalarActivation) = ((Vector(repeating: bounds.lower), Vector(repeating: bounds.upper)), nil)
        case .tanh, .signBit: (clamp, scalarActivation) = (nil, attributes.activation)
        }

        // Column ox is interior when ox·stride − padLeft ≥ 0 and its last tap lands before inputWidth.
        let first = (padLeft + strideW - 1) / strideW
        let lastTapSlack = inputWidth - 1 - (filterWidth - 1) * dilationW + padLeft
        let end = lastTapSlack < 0 ? 0 : Swift.min(lastTapSlack / strideW + 1, outputWidth)
        interiorColumns = first..<Swift.max(first, end)
        kernelGeometry = qrt_dw_geometry(
            in_h: inputHeight, in_w: inputWidth, channels: channels, out_h: outputHeight, out_w: outputWidth,
            filter_h: filterHeight, filter_w: filterWidth, stride_h: strideH, stride_w: strideW,
            dilation_h: dilationH, dilation_w: dilationW, pad_top: padTop, pad_left: padLeft,
            interior_begin: interiorColumns.lowerBound, interior_end: interiorColumns.upperBound)
    }

    deinit {
        weights.deallocate()
        bias.deallocate()
    }

    /// The values of a dense, non-variable float32 constant with `count` elements, else `nil`.
    private static func constantFloats(_ tensor: Int, count: Int, _ graph: Graph) -> [Float]? {
        guard graph.tensors.indices.contains(tensor) else { return nil }
        let descriptor = graph.tensors[tensor]
        guard descriptor.dtype == .float32, descriptor.sparsity == nil, !descriptor.isVariable,
              let data = descriptor.data, data.count == count * MemoryLayout<Float>.stride else { return nil }
        return data.values(as: Float.self)
    }

    /// Threads take contiguous ranges of output rows (over all batches).
    func run(_ buffers: TensorBuffers) throws {
        let x = buffers.pointer(input, as: Float.self)
        let y = buffers.mutablePointer(output, as: Float.self)
        let fast3x3 = filterHeight == 3 && filterWidth == 3
        let rows = batches * outputHeight
        let parts = pool.parts(forWork: rows * outputWidth * channels * filterHeight * filterWidth)
        if Self.useAVX2 {
            runAVX2(x, y, rows: rows, parts: parts)
            return
        }
        pool.run(count: rows, parts: parts) { _, range in
            for row in range {
                let (n, oy) = row.quotientAndRemainder(dividingBy: outputHeight)
                let image = x + n * inputHeight * inputWidth * channels
                let originY = oy * strideH - padTop
                let taps = Self.taps(origin: originY, dilation: dilationH, filter: filterHeight, input: inputHeight)
                let outRow = y + ((n * outputHeight + oy) * outputWidth) * channels
                let interiorRow = taps == 0..<filterHeight
                for ox in 0..<outputWidth {
                    let originX = ox * strideW - padLeft
                    let tapsX = Self.taps(origin: originX, dilation: dilationW, filter: filterWidth, input: inputWidth)
                    let out = outRow + ox * channels
                    if !(interiorRow && interiorColumns.contains(ox)) {
                        vectorPixel(image, out, originY, originX, taps, tapsX)
                    }
                    if vectorChannels < channels { scalarPixel(image, out, originY, originX, taps, tapsX) }
                }
                if interiorRow {
                    if fast3x3 { interior3x3Row(image, outRow, originY) } else { interiorRowAnyFilter(image, outRow, originY) }
                }
                if let scalarActivation {
                    for i in 0..<(outputWidth * channels) { outRow[i] = scalarActivation.apply(outRow[i]) }
                }
            }
        }
    }

    /// Every row in `qrt_dwconv_f32_avx2`; activations that are not clamps applied after.
    private func runAVX2(_ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, rows: Int, parts: Int) {
        let lower = clamp?.lower[0] ?? -.infinity, upper = clamp?.upper[0] ?? .infinity
        let imageSize = inputHeight * inputWidth * channels, rowSize = outputWidth * channels
        pool.run(count: rows, parts: parts) { _, range in
            withUnsafePointer(to: kernelGeometry) { geometry in
                for row in range {
                    let (n, oy) = row.quotientAndRemainder(dividingBy: outputHeight)
                    let outRow = y + row * rowSize
                    qrt_dwconv_f32_avx2(geometry, x + n * imageSize, outRow, oy, weights, bias, lower, upper)
                    if let scalarActivation {
                        for i in 0..<rowSize { outRow[i] = scalarActivation.apply(outRow[i]) }
                    }
                }
            }
        }
    }

    /// The filter taps along one axis whose input coordinate `origin + tap·dilation` is inside `0..<input`.
    @inline(__always)
    static func taps(origin: Int, dilation: Int, filter: Int, input: Int) -> Range<Int> {
        let first = origin >= 0 ? 0 : (-origin + dilation - 1) / dilation
        let end = Swift.min(filter, (input - origin + dilation - 1) / dilation)
        return first..<Swift.max(first, end)
    }
}
