import QuantRT
import QuantRTCore

/// `RESIZE_BILINEAR` on int8, uint8 or int16 (TFLite's `ResizeBilinearInteger`): source
/// coordinates in 10-bit fixed point, the four neighbours weighted in int64 (20 fractional bits)
/// and rounded half away from zero. uint8 takes TFLite's generic path instead: float32 source
/// coordinates and weights (as the float kernel), the weighted sum rounded. Input and output
/// share their quantization (no rescale).
final class QuantizedResizeBilinearKernel: CPUKernel {
    private let layout: ResizeLayout
    private let type: DType
    /// Per output row (column): the 10-bit source coordinate and the two source rows (columns).
    private let yScaled: [Int64], y0: [Int], y1: [Int]
    private let xScaled: [Int64], x0: [Int], x1: [Int]
    /// uint8 only: the float source coordinates' fractional parts.
    private let yFraction: [Float], xFraction: [Float]

    init(node: Node, graph: Graph) throws {
        guard case .resizeBilinear(let attributes) = node.op else {
            throw KernelError.invalidNode("RESIZE_BILINEAR kernel given a \(node.op.kind) node")
        }
        let n = KernelNode(node: node, graph: graph)
        layout = try ResizeLayout(n)
        guard !(attributes.alignCorners && attributes.halfPixelCenters) else {
            throw n.invalid("align_corners and half_pixel_centers cannot both be set")
        }
        let x = try n.affine(layout.input, "input"), y = try n.affine(layout.output, "output")
        guard x.type == y.type, x.scale == y.scale, x.zeroPoint == y.zeroPoint else {
            throw KernelError.unsupported("RESIZE_BILINEAR from \(n.describe(layout.input)) to \(n.describe(layout.output)): the integer kernel needs one dtype, scale and zero point")
        }
        type = x.type
        var (ys, ly, uy) = Self.sources(input: layout.inputHeight, output: layout.outputHeight, attributes)
        var (xs, lx, ux) = Self.sources(input: layout.inputWidth, output: layout.outputWidth, attributes)
        (yScaled, xScaled) = (ys, xs)
        if type == .uint8 {
            let fy: [Float], fx: [Float]
            (ly, uy, fy) = Self.floatSources(input: layout.inputHeight, output: layout.outputHeight, attributes)
            (lx, ux, fx) = Self.floatSources(input: layout.inputWidth, output: layout.outputWidth, attributes)
            (yFraction, xFraction) = (fy, fx)
        } else {
            (yFraction, xFraction) = ([], [])
        }
        (y0, y1, x0, x1) = (ly, uy, lx, ux)
    }

    /// TFLite's float `ComputeInterpolationValues` along one axis (the uint8 path).
    private static func floatSources(input: Int, output: Int, _ attributes: ResizeAttributes) -> ([Int], [Int], [Float]) {
        var scale = Float(input) / Float(output)
        if attributes.alignCorners && output > 1 { scale = Float(input - 1) / Float(output - 1) }
        var lower: [Int] = [], upper: [Int] = [], fraction: [Float] = []
        for index in 0..<output {
            let scaled = attributes.halfPixelCenters ? (Float(index) + 0.5) * scale - 0.5 : Float(index) * scale
            let low = max(Int(scaled.rounded(.down)), 0)
            lower.append(low)
            upper.append(min(Int(scaled.rounded(.up)), input - 1))
            fraction.append(scaled - Float(low))
        }
        return (lower, upper, fraction)
    }

    /// TFLite's `ComputeInterpolationValuesInteger` for every output index along one axis.
    private static func sources(input: Int, output: Int, _ attributes: ResizeAttributes) -> ([Int64], [Int], [Int]) {
        guard output > 0 else { return ([], [], []) }
        var scale = Int32(((1 << 10) * input + output / 2) / output)
        if attributes.alignCorners && output > 1 {
            scale = Int32(((1 << 10) * (input - 1) + (output - 1) / 2) / (output - 1))
        }
        var scaled: [Int64] = [], lower: [Int] = [], upper: [Int] = []
        for index in 0..<Int32(output) {
            let value = attributes.halfPixelCenters ? index * scale + scale / 2 - (1 << 9) : index * scale
            scaled.append(Int64(value))
            lower.append(Int(max(value / (1 << 10), 0)))   // truncating division, as C++
            upper.append(Int(min((value + (1 << 10) - 1) / (1 << 10), Int32(input - 1))))
        }
        return (scaled, lower, upper)
    }

    func run(_ buffers: TensorBuffers) throws {
        try layout.checkSize(buffers, .resizeBilinear)
        switch type {
        case .int8: resize(buffers, Int8.self)
        case .uint8: resizeInFloat(buffers)
        default: resize(buffers, Int16.self)
        }
    }

    @inline(__always)
    private func resize<T: FixedWidthInteger>(_ buffers: TensorBuffers, _: T.Type) {
        let l = layout
        let x = buffers.pointer(l.input, as: T.self)
        let y = buffers.mutablePointer(l.output, as: T.self)
        let rowStride = l.inputWidth * l.depth
        let one: Int64 = 1 << 10
        for n in 0..<l.batches {
            let image = x + n * l.inputHeight * rowStride
            for oy in 0..<l.outputHeight {
                let top = image + y0[oy] * rowStride, bottom = image + y1[oy] * rowStride
                let dy = yScaled[oy] - one * Int64(y0[oy])
                for ox in 0..<l.outputWidth {
                    let dx = xScaled[ox] - one * Int64(x0[ox])
                    let topLeft = top + x0[ox] * l.depth, topRight = top + x1[ox] * l.depth
                    let bottomLeft = bottom + x0[ox] * l.depth, bottomRight = bottom + x1[ox] * l.depth
                    let out = y + ((n * l.outputHeight + oy) * l.outputWidth + ox) * l.depth
                    for c in 0..<l.depth {
                        let sum = Int64(topLeft[c]) * (one - dy) * (one - dx)
                            + Int64(bottomLeft[c]) * dy * (one - dx)
                            + Int64(topRight[c]) * (one - dy) * dx
                            + Int64(bottomRight[c]) * dy * dx
                        let round: Int64 = sum > 0 ? 1 << 19 : -(1 << 19)
                        out[c] = T(truncatingIfNeeded: (sum + round) / (1 << 20))
                    }
                }
            }
        }
    }

    /// The uint8 path: float weights in the float kernel's term order, the sum rounded.
    private func resizeInFloat(_ buffers: TensorBuffers) {
        let l = layout
        let x = buffers.pointer(l.input, as: UInt8.self)
        let y = buffers.mutablePointer(l.output, as: UInt8.self)
        let rowStride = l.inputWidth * l.depth
        for n in 0..<l.batches {
            let image = x + n * l.inputHeight * rowStride
            for oy in 0..<l.outputHeight {
                let top = image + y0[oy] * rowStride, bottom = image + y1[oy] * rowStride
                let dy = yFraction[oy]
                for ox in 0..<l.outputWidth {
                    let dx = xFraction[ox]
                    let topLeft = top + x0[ox] * l.depth, topRight = top + x1[ox] * l.depth
                    let bottomLeft = bottom + x0[ox] * l.depth, bottomRight = bottom + x1[ox] * l.depth
                    let out = y + ((n * l.outputHeight + oy) * l.outputWidth + ox) * l.depth
                    for c in 0..<l.depth {
                        let sum = Float(topLeft[c]) * (1 - dy) * (1 - dx) + Float(bottomLeft[c]) * dy * (1 - dx)
                            + Float(topRight[c]) * (1 - dy) * dx + Float(bottomRight[c]) * dy * dx
                        out[c] = UInt8(min(max(sum.rounded(.toNearestOrAwayFromZero), 0), 255))
                    }
                }
            }
        }
    }
}
