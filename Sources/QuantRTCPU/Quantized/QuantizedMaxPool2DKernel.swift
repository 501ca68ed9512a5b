import QuantRT
import QuantRTCore

/// `MAX_POOL_2D` on int8, uint8 or int16: the largest stored value in each window (padded
/// cells never win), clamped to the fused activation's quantized range. Input and output must
/// share their quantization, as TFLite requires.
final class QuantizedMaxPool2DKernel: CPUKernel {
    private let layout: Pool2DLayout
    private let type: DType
    private let minimum: Int32, maximum: Int32

    init(node: Node, graph: Graph) throws {
        guard case .maxPool2D(let attributes) = node.op else { throw KernelError.invalidNode("MAX_POOL_2D kernel given a \(node.op.kind) node") }
        layout = try Pool2DLayout(node: node, graph: graph, attributes: attributes, allowQuantized: true)
        let n = KernelNode(node: node, graph: graph)
        let x = try n.affineOrPlain(layout.input, "input"), y = try n.affineOrPlain(layout.output, "output")
        guard x.scale == y.scale, x.zeroPoint == y.zeroPoint else {
            throw n.invalid("the input \(n.describe(layout.input)) and output \(n.describe(layout.output)) must share scale and zero point, got \(x.scale)/\(x.zeroPoint) and \(y.scale)/\(y.zeroPoint)")
        }
        type = x.type
        (minimum, maximum) = try n.quantizedActivationRange(attributes.activation, y)
    }

    func run(_ buffers: TensorBuffers) throws {
        switch type {
        case .int8: pool(buffers, Int8.self)
        case .uint8: pool(buffers, UInt8.self)
        default: pool(buffers, Int16.self)
        }
    }

    @inline(__always)
    private func pool<T: FixedWidthInteger>(_ buffers: TensorBuffers, _: T.Type) {
        let l = layout
        let x = buffers.pointer(l.input, as: T.self)
        let y = buffers.mutablePointer(l.output, as: T.self)
        let low = T(truncatingIfNeeded: minimum), high = T(truncatingIfNeeded: maximum)
        for n in 0..<l.batches {
            for oy in 0..<l.outputHeight {
                let originY = oy * l.strideH - l.padTop
                let rows = Pool2DLayout.clippedRange(origin: originY, filter: l.filterHeight, input: l.inputHeight)
                for ox in 0..<l.outputWidth {
                    let originX = ox * l.strideW - l.padLeft
                    let columns = Pool2DLayout.clippedRange(origin: originX, filter: l.filterWidth, input: l.inputWidth)
                    let out = y + ((n * l.outputHeight + oy) * l.outputWidth + ox) * l.depth
                    out.update(repeating: T.min, count: l.depth)
                    for fy in rows {
                        for fx in columns {
                            let xs = x + ((n * l.inputHeight + originY + fy) * l.inputWidth + originX + fx) * l.depth
                            for c in 0..<l.depth where out[c] < xs[c] { out[c] = xs[c] }
                        }
                    }
                    for c in 0..<l.depth { out[c] = min(max(out[c], low), high) }
                }
            }
        }
    }
}
