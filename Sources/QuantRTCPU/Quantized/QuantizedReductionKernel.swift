import QuantRT
import QuantRTCore

/// MEAN, SUM, REDUCE_MAX and REDUCE_MIN of int8, uint8 or int16 over constant axes, as TFLite's
/// reference kernels. MEAN and SUM (`QuantizedMeanOrSum`): the stored values are summed in int32,
/// the zero point times the count is subtracted, and the sum is scaled by `s_in/s_out` — for
/// MEAN with `1/count` folded into the multiplier (shifted up by ⌊log2 count⌋, at most 32 bits,
/// then divided by the count). REDUCE_MAX/MIN pick stored values and need one quantization.
final class QuantizedReductionKernel: CPUKernel {
    private enum Reduction { case mean, sum, max, min }

    private let reduction: Reduction
    private let input: Int, output: Int
    private let type: DType
    private let kept: LoopNest, reduced: LoopNest
    private let inputZeroPoint: Int32, outputZeroPoint: Int32
    private let count: Int32
    private let multiplier: QuantizedMultiplier
    private let minimum: Int32, maximum: Int32

    init(node: Node, graph: Graph) throws {
        let n = KernelNode(node: node, graph: graph)
        let keepDims: Bool
        switch node.op {
        case .mean(let k): reduction = .mean; keepDims = k
        case .sum(let k): reduction = .sum; keepDims = k
        case .reduceMax(let k): reduction = .max; keepDims = k
        case .reduceMin(let k): reduction = .min; keepDims = k
        default: throw n.invalid("not a quantized reduction")
        }
        try n.requireInputCount(2...2)
        input = try n.input(0)
        let axesTensor = try n.input(1, "axes")
        output = try n.output()
        let selects = reduction == .max || reduction == .min
        let x = selects ? try n.affineOrPlain(input, "input") : try n.affine(input, "input")
        let y = selects ? try n.affineOrPlain(output, "output") : try n.affine(output, "output")
        try n.requireSameQuantizedType(x, y, "input and output")
        try n.requireSymmetricInt16(x, input, "input")
        try n.requireSymmetricInt16(y, output, "output")
        type = x.type
        if reduction == .max || reduction == .min {
            guard x.scale == y.scale, x.zeroPoint == y.zeroPoint else {
                throw KernelError.unsupported("\(n.kind) from \(n.describe(input)) (\(x.scale)/\(x.zeroPoint)) to \(n.describe(output)) (\(y.scale)/\(y.zeroPoint)): input and output must share scale and zero point")
            }
        }
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
        guard reduction == .max || reduction == .min || elements <= Int(Int32.max) / largestMagnitude else {
            throw KernelError.unsupported("MEAN of \(n.describe(input)) over \(elements) elements: the int32 sum could overflow")
        }
        count = Int32(elements)
        inputZeroPoint = x.zeroPoint
        outputZeroPoint = y.zeroPoint
        (minimum, maximum) = (y.minimum, y.maximum)
        let base = QuantizedMultiplier(x.scaleDouble / y.scaleDouble)
        if elements > 0 && reduction == .mean {
            var shift = 63 - UInt64(elements).leadingZeroBitCount
            shift = min(shift, 32, 31 + base.shift)
            let folded = (Int64(base.multiplier) << Int64(shift)) / Int64(elements)
            multiplier = QuantizedMultiplier(multiplier: Int32(truncatingIfNeeded: folded), shift: base.shift - shift)
        } else {
            multiplier = base
        }
    }

    func run(_ buffers: TensorBuffers) throws {
        switch (reduction, type) {
        case (.mean, .int8), (.sum, .int8): reduce(buffers, Int8.self)
        case (.mean, .uint8), (.sum, .uint8): reduce(buffers, UInt8.self)
        case (.mean, _), (.sum, _): reduce(buffers, Int16.self)
        case (_, .int8): pick(buffers, Int8.self)
        case (_, .uint8): pick(buffers, UInt8.self)
        default: pick(buffers, Int16.self)
        }
    }

    /// REDUCE_MAX / REDUCE_MIN on stored values (an empty reduction yields the type's extreme).
    @inline(__always)
    private func pick<T: FixedWidthInteger>(_ buffers: TensorBuffers, _: T.Type) {
        let x = buffers.pointer(input, as: T.self)
        var out = buffers.mutablePointer(output, as: T.self)
        let keptCount = kept.innerCount, keptStride = kept.innerStride(0)
        let reducedCount = reduced.innerCount, reducedStride = reduced.innerStride(0)
        let isMax = reduction == .max
        kept.forEachRun { keptOffsets in
            for k in 0..<keptCount {
                let base = x + keptOffsets[0] + k * keptStride
                var best: T = isMax ? T.min : T.max
                reduced.forEachRun { offsets in
                    let p = base + offsets[0]
                    for i in 0..<reducedCount {
                        let v = p[i * reducedStride]
                        if isMax ? v > best : v < best { best = v }
                    }
                }
                out.pointee = best
                out += 1
            }
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
