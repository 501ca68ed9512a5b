import QuantRT
import QuantRTCore

/// `AVERAGE_POOL_2D` on int8, uint8 or int16 (TFLite's reference integer kernel): the stored
/// values of the window cells inside the input are summed in int32 and divided by their count,
/// rounding half away from zero, then clamped to the fused activation's range. Input and output
/// must share their quantization (the kernel does not rescale).
final class QuantizedAveragePool2DKernel: CPUKernel {
    private let layout: Pool2DLayout
    private let type: DType
    private let minimum: Int32, maximum: Int32

    init(node: Node, graph: Graph) throws {
        guard case .averagePool2D(let attributes) = node.op else { throw KernelError.invalidNode("AVERAGE_POOL_2D kernel given a \(node.op.kind) node") }
        layout = try Pool2DLayout(node: node, graph: graph, attributes: attributes, allowQuantized: true)
        let n = KernelNode(node: node, graph: graph)
        let x = try n.affine(layout.input, "input"), y = try n.affine(layout.output, "output")
        guard x.scale == y.scale, x.zeroPoint == y.zeroPoint else {
            throw KernelError.unsupported("AVERAGE_POOL_2D from \(n.describe(layout.input)) (\(x.scale)/\(x.zeroPoint)) to \(n.describe(layout.output)) (\(y.scale)/\(y.zeroPoint)): the integer kernel needs one scale and zero point")
        }
        try n.requireSymmetricInt16(x, layout.input, "input")
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
        for n in 0..<l.batches {
            for oy in 0..<l.outputHeight {
                let originY = oy * l.strideH - l.padTop
                let rows = Pool2DLayout.clippedRange(origin: originY, filter: l.filterHeight, input: l.inputHeight)
                for ox in 0..<l.outputWidth {
                    let originX = ox * l.strideW - l.padLeft
                    let columns = Pool2DLayout.clippedRange(origin: originX, filter: l.filterWidth, input: l.inputWidth)
                    let out = y + ((n * l.outputHeight + oy) * l.outputWidth + ox) * l.depth
                    let count = Int32(rows.count * columns.count)
                    for c in 0..<l.depth {
                        var sum: Int32 = 0
                        for fy in rows {
                            for fx in columns {
                                sum &+= Int32(x[((n * l.inputHeight + originY + fy) * l.inputWidth + originX + fx) * l.depth + c])
                            }
                        }
                        // SAME padding is smaller than the window, so every window holds a cell.
                        let mean = sum > 0 ? (sum + count / 2) / count : (sum - count / 2) / count
                        out[c] = T(truncatingIfNeeded: min(max(mean, minimum), maximum))
                    }
                }
            }
        }
    }
}
