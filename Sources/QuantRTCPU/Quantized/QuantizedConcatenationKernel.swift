import QuantRT
import QuantRTCore

/// CONCATENATION of int8, uint8 or int16 tensors along any axis. An input quantized like the
/// output is copied; any other input is requantized as TFLite's `ConcatenationWithScaling`
/// (its uint8 kernel; TFLite refuses differing int8/int16 inputs): `round(q·s + b) + zp_out` in
/// float, with `s = s_in · (1/s_out)` and `b = −zp_in · s`, clamped. 8-bit inputs go through a
/// table of those results made at prepare.
final class QuantizedConcatenationKernel: CPUKernel {
    private struct Part {
        let tensor: Int
        /// Elements of this input per outer index (its axis size times the inner size).
        let chunk: Int
        /// Where its chunk starts in each output row.
        let offset: Int
        /// nil: copied unchanged.
        let requantize: Requantization?
    }

    private struct Requantization {
        let scale: Float, bias: Float, outputZeroPoint: Int32
        let minimum: Int32, maximum: Int32
        /// For 8-bit inputs: the result for every stored value, indexed by `value − type minimum`.
        let table: [Int32]?

        @inline(__always)
        func callAsFunction(_ q: Int32) -> Int32 {
            let value = Int32(clamping: Int64((Float(q) * scale + bias).rounded(.toNearestOrAwayFromZero))) &+ outputZeroPoint
            return min(max(value, minimum), maximum)
        }
    }

    private let parts: [Part]
    private let output: Int
    private let type: DType
    private let outer: Int, rowSize: Int

    init(node: Node, graph: Graph) throws {
        let n = KernelNode(node: node, graph: graph)
        guard case .concatenation(let axisAttribute, _) = node.op else { throw n.invalid("not a CONCATENATION") }
        let inputs = try n.allInputs()
        output = try n.output()
        guard !inputs.isEmpty else { throw n.invalid("expected at least one input") }
        let y = try n.affine(output, "output")
        try n.requireSymmetricInt16(y, output, "output")
        type = y.type
        let rank = n.shape(inputs[0]).rank
        let axis = try n.normalizedAxis(axisAttribute, rank: rank)
        var outDims = n.shape(inputs[0]).dims
        outDims[axis] = 0
        for input in inputs {
            let dims = n.shape(input).dims
            guard dims.count == rank, dims.indices.allSatisfy({ $0 == axis || dims[$0] == outDims[$0] }) else {
                throw n.invalid("the input \(n.describe(input)) does not match \(n.describe(inputs[0])) outside axis \(axis)")
            }
            outDims[axis] += dims[axis]
        }
        try n.requireOutputShape(output, outDims)
        outer = outDims[..<axis].reduce(1, *)
        let inner = outDims[(axis + 1)...].reduce(1, *)
        rowSize = outDims[axis] * inner
        var position = 0
        var parts: [Part] = []
        for (k, input) in inputs.enumerated() {
            let x = try n.affine(input, "input \(k)")
            try n.requireSameQuantizedType(x, y, "input \(k) and the output")
            try n.requireSymmetricInt16(x, input, "input \(k)")
            let chunk = n.shape(input)[axis] * inner
            var requantize: Requantization?
            if x.scale != y.scale || x.zeroPoint != y.zeroPoint {
                let scale = x.scale * (1 / y.scale)
                let bias = -Float(x.zeroPoint) * scale
                let plain = Requantization(scale: scale, bias: bias, outputZeroPoint: y.zeroPoint, minimum: y.minimum, maximum: y.maximum, table: nil)
                let table = x.type == .int16 ? nil : (x.minimum...x.maximum).map { plain($0) }
                requantize = Requantization(scale: scale, bias: bias, outputZeroPoint: y.zeroPoint, minimum: y.minimum, maximum: y.maximum, table: table)
            }
            parts.append(Part(tensor: input, chunk: chunk, offset: position, requantize: requantize))
            position += chunk
        }
        self.parts = parts
    }

    func run(_ buffers: TensorBuffers) throws {
        switch type {
        case .int8: concatenate(buffers, Int8.self)
        case .uint8: concatenate(buffers, UInt8.self)
        default: concatenate(buffers, Int16.self)
        }
    }

    @inline(__always)
    private func concatenate<T: FixedWidthInteger>(_ buffers: TensorBuffers, _: T.Type) {
        let y = buffers.mutablePointer(output, as: T.self)
        let low = Int(T.min)
        for part in parts {
            let x = buffers.pointer(part.tensor, as: T.self)
            for o in 0..<outer {
                let source = x + o * part.chunk, destination = y + o * rowSize + part.offset
                guard let requantize = part.requantize else {
                    destination.update(from: source, count: part.chunk)
                    continue
                }
                if let table = requantize.table {
                    for i in 0..<part.chunk { destination[i] = T(truncatingIfNeeded: table[Int(source[i]) - low]) }
                } else {
                    for i in 0..<part.chunk { destination[i] = T(truncatingIfNeeded: requantize(Int32(source[i]))) }
                }
            }
        }
    }
}
