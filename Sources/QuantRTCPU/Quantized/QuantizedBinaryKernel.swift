import QuantRT
import QuantRTCore

/// ADD, SUB, MUL, SQUARED_DIFFERENCE, MAXIMUM and MINIMUM on quantized int8, uint8 and int16 tensors with
/// NumPy/TFLite broadcasting, in TFLite's reference integer arithmetic
/// (``QuantizedBinaryArithmetic``). int16 tensors must be symmetric (zero point 0).
final class QuantizedBinaryKernel: CPUKernel {
    let lhs: Int, rhs: Int, output: Int
    let type: DType
    let arithmetic: QuantizedBinaryArithmetic
    /// Operands: 0 output, 1 lhs, 2 rhs.
    let loop: LoopNest

    init(node: Node, graph: Graph) throws {
        let n = KernelNode(node: node, graph: graph)
        try n.requireInputCount(2...2)
        lhs = try n.input(0, "first input")
        rhs = try n.input(1, "second input")
        output = try n.output()
        // MAXIMUM and MINIMUM only select stored values, so plain integer tensors are fine too.
        let selects = node.op.kind == .maximum || node.op.kind == .minimum
        let parameters = { (tensor: Int, role: String) throws -> AffineParameters in
            selects ? try n.affineOrPlain(tensor, role) : try n.affine(tensor, role)
        }
        let x = try parameters(lhs, "first input"), y = try parameters(rhs, "second input"), out = try parameters(output, "output")
        try n.requireSameQuantizedType(x, y, "inputs")
        try n.requireSameQuantizedType(x, out, "inputs and output")
        for (p, tensor, role) in [(x, lhs, "first input"), (y, rhs, "second input"), (out, output, "output")] {
            try n.requireSymmetricInt16(p, tensor, role)
        }
        type = out.type
        let kind: QuantizedBinaryArithmetic.Kind
        let activation: FusedActivation
        switch node.op {
        case .add(let a): kind = .addSub(sign: 1); activation = a
        case .sub(let a): kind = .addSub(sign: -1); activation = a
        case .mul(let a): kind = .mul; activation = a
        case .squaredDifference:
            kind = out.type == .int16 ? .squaredDifferenceWide : .squaredDifference
            activation = .none
        case .maximum, .minimum:
            kind = node.op.kind == .maximum ? .maximum : .minimum
            activation = .none
            guard x.scale == y.scale, x.scale == out.scale, x.zeroPoint == y.zeroPoint, x.zeroPoint == out.zeroPoint else {
                throw KernelError.unsupported("\(n.kind) of \(n.describe(lhs)), \(n.describe(rhs)) to \(n.describe(output)): the integer kernel compares stored values, so all three need one scale and zero point")
            }
        default: throw n.invalid("not a quantized binary op")
        }
        guard let arithmetic = QuantizedBinaryArithmetic(kind, x, y, out, range: try n.quantizedActivationRange(activation, out)) else {
            throw KernelError.unsupported("\(n.kind) with scales \(x.scale), \(y.scale) → \(out.scale): the scale ratio overflows float")
        }
        self.arithmetic = arithmetic
        let a = n.shape(lhs).dims, b = n.shape(rhs).dims
        guard let dims = broadcastShape(a, b) else {
            throw n.invalid("the inputs \(n.describe(lhs)) and \(n.describe(rhs)) do not broadcast")
        }
        try n.requireOutputShape(output, dims)
        loop = LoopNest(counts: dims, strides: [Shape(dims).strides, broadcastStrides(a, to: dims), broadcastStrides(b, to: dims)])
    }

    func run(_ buffers: TensorBuffers) throws {
        switch type {
        case .int8: apply(buffers, Int8.self)
        case .uint8: apply(buffers, UInt8.self)
        default: apply(buffers, Int16.self)
        }
    }

    @inline(__always)
    private func apply<T: FixedWidthInteger>(_ buffers: TensorBuffers, _: T.Type) {
        let a = buffers.pointer(lhs, as: T.self), b = buffers.pointer(rhs, as: T.self)
        let o = buffers.mutablePointer(output, as: T.self)
        let count = loop.innerCount
        let so = loop.innerStride(0), sa = loop.innerStride(1), sb = loop.innerStride(2)
        let f = arithmetic
        loop.forEachRun { offsets in
            let po = o + offsets[0], pa = a + offsets[1], pb = b + offsets[2]
            for i in 0..<count {
                po[i * so] = T(truncatingIfNeeded: f(Int32(pa[i * sa]), Int32(pb[i * sb])))
            }
        }
    }
}
