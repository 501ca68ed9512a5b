import CQuantRTKernels
import QuantRT
import QuantRTCore

/// int8 ADD, SUB, MUL and SQUARED_DIFFERENCE eight lanes at a time, in exactly ``QuantizedBinaryKernel``'s
/// arithmetic (the vectorized fixed-point rescaling of the GEMM tiles), over the same
/// broadcasting loop nest; innermost runs must be contiguous or broadcast (stride 0 or 1),
/// else the straightforward kernel runs.
final class FastInt8BinaryKernel: CPUKernel {
    private let reference: QuantizedBinaryKernel
    private let params: UnsafeMutablePointer<qrt_binary_params>
    private let steps: (Int, Int)

    static func make(node: Node, graph: Graph) throws -> any CPUKernel {
        let reference = try QuantizedBinaryKernel(node: node, graph: graph)
        let loop = reference.loop
        guard int8MicrokernelsAvailable, reference.type == .int8, loop.innerStride(0) == 1,
              [0, 1].contains(loop.innerStride(1)), [0, 1].contains(loop.innerStride(2)) else { return reference }
        let kind: Int32
        switch reference.arithmetic.kind {
        case .addSub(let sign): kind = sign > 0 ? 0 : 1
        case .mul: kind = 2
        // The output rescaling is the "smaller than one" form: vectorized only when it is one.
        case .squaredDifference where reference.arithmetic.outputMultiplier.shift <= 0: kind = 3
        default: return reference
        }
        return FastInt8BinaryKernel(reference: reference, kind: kind)
    }

    private init(reference: QuantizedBinaryKernel, kind: Int32) {
        self.reference = reference
        let a = reference.arithmetic
        steps = (reference.loop.innerStride(1), reference.loop.innerStride(2))
        params = .allocate(capacity: 1)
        params.initialize(to: qrt_binary_params(
            kind: kind, input1_offset: a.input1Offset, input2_offset: a.input2Offset, left_shift: a.leftShift,
            input1_multiplier: a.input1Multiplier.multiplier, input1_right_shift: Int32(max(-a.input1Multiplier.shift, 0)),
            input2_multiplier: a.input2Multiplier.multiplier, input2_right_shift: Int32(max(-a.input2Multiplier.shift, 0)),
            output_multiplier: a.outputMultiplier.multiplier,
            // ADD/SUB rescale with the "smaller than one" form, which has no left shift.
            output_left_shift: kind == 2 ? Int32(max(a.outputMultiplier.shift, 0)) : 0,
            output_right_shift: Int32(max(-a.outputMultiplier.shift, 0)),
            output_zero_point: a.outputOffset, output_min: a.minimum, output_max: a.maximum))
    }

    deinit { params.deallocate() }

    func run(_ buffers: TensorBuffers) throws {
        let a = buffers.pointer(reference.lhs, as: Int8.self), b = buffers.pointer(reference.rhs, as: Int8.self)
        let o = buffers.mutablePointer(reference.output, as: Int8.self)
        let count = reference.loop.innerCount
        reference.loop.forEachRun { offsets in
            qrt_binary_s8_avx2(count, a + offsets[1], steps.0, b + offsets[2], steps.1, params, o + offsets[0])
        }
    }
}
