import QuantRT
import QuantRTCore

/// MEAN of int8, uint8 or int16 over constant axes, as TFLite's reference
/// `QuantizedMeanOrSum`: the stored values are summed in int32, the zero point times the count
/// is subtracted, and the sum is scaled by `s_in/s_out` with `1/count` folded into the
/// multiplier (shifted up by ⌊log2 count⌋, at most 32 bits, then divided by the count).
final class QuantizedMeanKernel: CPUKernel {
    private let input: Int, output: Int
    private let type: DType
    private let kept: LoopNest, reduced: LoopNest
    private let inputZeroPoint: Int32, outputZeroPoint: Int32
    private let count: Int32
    private let multiplier: QuantizedMultiplier
    private let minimum: Int32, maximum: Int32

    init(node: Node, graph: Graph) throws {
        let n = KernelNode(node: node, graph: graph)
        guard case .mean(let keepDims) = node.op else { throw n.invalid("not a MEAN") }
        try n.requireInputCount(2...2)
        input = try n.input(0)
        let axesTensor = try n.input(1, "axes")
        output = try n.output()
        let x = try n.affine(input, "input"), y = try n.affine(output, "output")
        try n.requireSameQuantizedType(x, y, "input and output")
        try n.requireSymmetricInt16(x, input, "input")
        try n.requireSymmetricInt16(y, output, "output")
        type = x.type
        let dims = n.shape(input).dims
        var isReduced = [Bool](repeating: false, count: dims.count)
        for axis in try n.constantInts(axesTensor, "axes") {
            isReduced[try n.normalizedAxis(axis, rank: dims.count)] = true
        }
        var outputDims: [Int] = []
        for (axis, size) in dims.enumerated() where !isReduced[axis] || keepDims {
            outputDims.append(isReduced[axis] ? 1 : size)
        }
        try n.requireOutputShape(output, outputDims)
        let strides = Shape(dims).strides
        let keptAxes = dims.indices.filter { !isReduced[$0] }, reducedAxes = dims.indices.filter { isReduced[$0] }
        kept = LoopNest(counts: keptAxes.map { dims[$0] }, strides: [keptAxes.map { strides[$0] }])
        reduced = LoopNest(counts: reducedAxes.map { dims[$0] }, strides: [reducedAxes.map { strides[$0] }])
        let elements = reducedAxes.reduce(1) { $0 * dims[$1] }
        let largestMagnitude = x.type == .int16 ? 32768 : 256
        guard elements <= Int(Int32.max) / largestMagnitude else {
            throw KernelError.unsupported("MEAN of \(n.describe(input)) over \(elements) elements: the int32 sum could overflow")
        }
        count = Int32(elements)
        inputZeroPoint = x.zeroPoint
        outputZeroPoint = y.zeroPoint
        (minimum, maximum) = (y.minimum, y.maximum)
        let base = QuantizedMultiplier(x.scaleDouble / y.scaleDouble)
        if elements > 0 {
            var shift = 63 - UInt64(elements).leadingZeroBitCount
            shift = min(shift, 32, 31 + base.shift)
            let folded = (Int64(base.multiplier) << Int64(shift)) / Int64(elements)
            multiplier = QuantizedMultiplier(multiplier: Int32(truncatingIfNeeded: folded), shift: base.shift - shift)
        } else {
            multiplier = base
        }
    }

    func run(_ buffers: TensorBuffers) throws {
        switch type {
        case .int8: reduce(buffers, Int8.self)
        case .uint8: reduce(buffers, UInt8.self)
        default: reduce(buffers, Int16.self)
        }
    }

    @inline(__always)
    private func reduce<T: FixedWidthInteger>(_ buffers: TensorBuffers, _: T.Type) {
        let x = buffers.pointer(input, as: T.self)
        var out = buffers.mutablePointer(output, as: T.self)
        let keptCount = kept.innerCount, keptStride = kept.innerStride(0)
        let reducedCount = reduced.innerCount, reducedStride = reduced.innerStride(0)
        let offset = inputZeroPoint &* count
        kept.forEachRun { keptOffsets in
            for k in 0..<keptCount {
                let base = x + keptOffsets[0] + k * keptStride
                var sum: Int32 = 0
                reduced.forEachRun { offsets in
                    let p = base + offsets[0]
                    for i in 0..<reducedCount { sum &+= Int32(p[i * reducedStride]) }
                }
                guard count > 0 else { out.pointee = 0; out += 1; continue }
                let value = multiplier.apply(sum &- offset) &+ outputZeroPoint
                out.pointee = T(truncatingIfNeeded: min(max(value, minimum), maximum))
                out += 1
            }
        }
    }
}
