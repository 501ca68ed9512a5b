import QuantRT
import QuantRTCore

/// `CONV_2D` in integers, as TFLite's reference kernels: int8 input × int8 per-channel filter
/// accumulated in int32 with an int32 bias, or int16 input (zero point 0) × int8 filter
/// accumulated in int64 with an int64 bias (16x8); then the shared ``Requantizer``.
/// Padded cells contribute nothing (they are the input's zero point).
final class QuantizedConv2DKernel: CPUKernel {
    let input: Int, filter: Int, bias: Int?, output: Int
    let inputType: DType, biasType: DType
    let constantBias: [Int64]?
    let geometry: ConvolutionGeometry
    let inputOffset: Int32
    let requantize: Requantizer

    init(node: Node, graph: Graph) throws {
        guard case .conv2D(let attributes) = node.op else { throw KernelError.invalidNode("CONV_2D kernel given a \(node.op.kind) node") }
        let p = try QuantizedConvolutionParameters(node: node, graph: graph, depthwise: false, padding: attributes.padding,
                                                   strideH: attributes.strideH, strideW: attributes.strideW,
                                                   dilationH: attributes.dilationH, dilationW: attributes.dilationW,
                                                   activation: attributes.activation)
        (input, filter, bias, output) = (p.input, p.filter, p.bias, p.output)
        (inputType, biasType, constantBias) = (p.inputType, p.biasType, p.constantBias)
        (geometry, inputOffset, requantize) = (p.geometry, p.inputOffset, p.requantize)
    }

    func run(_ buffers: TensorBuffers) throws {
        let w = buffers.pointer(filter, as: Int8.self)
        let b = bias.map { UnsafeRawPointer(buffers[$0]) }
        let biasDType = biasType
        switch inputType {
        case .int8:
            convolve(buffers.pointer(input, as: Int8.self), w, b, biasDType, buffers.mutablePointer(output, as: Int8.self), accumulator: Int32.self)
        default:
            convolve(buffers.pointer(input, as: Int16.self), w, b, biasDType, buffers.mutablePointer(output, as: Int16.self), accumulator: Int64.self)
        }
    }

    @inline(__always)
    private func convolve<T: FixedWidthInteger, A: FixedWidthInteger & SignedInteger>(
        _ x: UnsafePointer<T>, _ w: UnsafePointer<Int8>, _ b: UnsafeRawPointer?, _ biasDType: DType,
        _ y: UnsafeMutablePointer<T>, accumulator: A.Type
    ) {
        let g = geometry
        let filterStride = g.filterHeight * g.filterWidth * g.filterDepth
        let offset = A(inputOffset)
        for n in 0..<g.batches {
            for oy in 0..<g.outputHeight {
                let originY = oy * g.strideH - g.padTop
                for ox in 0..<g.outputWidth {
                    let originX = ox * g.strideW - g.padLeft
                    let out = y + ((n * g.outputHeight + oy) * g.outputWidth + ox) * g.outputDepth
                    for oc in 0..<g.outputDepth {
                        let group = oc / g.filtersPerGroup
                        var sum: A = 0
                        for fy in 0..<g.filterHeight {
                            let iy = originY + fy * g.dilationH
                            guard iy >= 0 && iy < g.inputHeight else { continue }
                            for fx in 0..<g.filterWidth {
                                let ix = originX + fx * g.dilationW
                                guard ix >= 0 && ix < g.inputWidth else { continue }
                                let xs = x + ((n * g.inputHeight + iy) * g.inputWidth + ix) * g.inputDepth + group * g.filterDepth
                                let ws = w + oc * filterStride + (fy * g.filterWidth + fx) * g.filterDepth
                                for ic in 0..<g.filterDepth { sum &+= A(ws[ic]) &* (A(xs[ic]) &+ offset) }
                            }
                        }
                        out[oc] = T(truncatingIfNeeded: finish(sum, oc, b, biasDType))
                    }
                }
            }
        }
    }

    @inline(__always)
    private func finish<A: FixedWidthInteger & SignedInteger>(_ sum: A, _ channel: Int, _ b: UnsafeRawPointer?, _ biasDType: DType) -> Int32 {
        let biasValue = constantBias?[channel] ?? b.map { readBias($0, biasDType, channel) } ?? 0
        if A.bitWidth == 64 { return requantize(Int64(sum) &+ biasValue, channel: channel) }
        return requantize(Int32(truncatingIfNeeded: sum) &+ Int32(truncatingIfNeeded: biasValue), channel: channel)
    }
}
