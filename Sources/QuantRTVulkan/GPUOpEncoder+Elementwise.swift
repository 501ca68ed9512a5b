import QuantRTCore

extension GPUOpEncoder {
    /// Row-major strides of `dims`.
    func strides(_ dims: [Int]) -> [Int] {
        var result = [Int](repeating: 1, count: dims.count)
        var stride = 1
        for axis in dims.indices.reversed() { result[axis] = stride; stride *= dims[axis] }
        return result
    }

    /// `values` right-aligned in `rank` slots, the leading ones `fill`.
    func aligned(_ values: [Int], _ rank: Int = 6, fill: Int) -> [Int] {
        [Int](repeating: fill, count: rank - values.count) + values
    }

    func binary(_ code: Int, _ activation: FusedActivation) throws -> GPUNodePlan {
        try checkTypes()
        let a = try input(0), b = try input(1), y = try output()
        let out = dims(y)
        guard out.count <= 6 else { throw GPUUnsupported("\(node.op.kind) of rank \(out.count) (at most 6)") }
        func broadcastStrides(_ tensor: Int) throws -> [Int] {
            let shape = dims(tensor)
            guard shape.count <= out.count else { throw GPUUnsupported("\(node.op.kind) operand \(shape) has a higher rank than the output \(out)") }
            let padded = aligned(shape, out.count, fill: 1)
            let natural = strides(padded)
            return try zip(padded, out).enumerated().map { axis, pair in
                if pair.0 == pair.1 { return natural[axis] }
                guard pair.0 == 1 else { throw GPUUnsupported("\(node.op.kind) cannot broadcast \(shape) to \(out)") }
                return 0
            }
        }
        let total = count(y)
        // The cheapest indexing that fits (see binary.comp): same shapes, or one operand repeating.
        func repeats(_ tensor: Int) -> Bool {
            let shape = dims(tensor).drop { $0 == 1 }
            return shape.count <= out.count && Array(out.suffix(shape.count)) == Array(shape)
        }
        let mode: Int, repeated: Int
        if count(a) == total && count(b) == total && dims(a) == out && dims(b) == out {
            (mode, repeated) = (1, total)
        } else if count(a) == total && dims(a) == out && repeats(b) {
            (mode, repeated) = (2, count(b))
        } else if count(b) == total && dims(b) == out && repeats(a) {
            (mode, repeated) = (3, count(a))
        } else {
            (mode, repeated) = (0, 0)
        }
        let vec4 = mode != 0 && total % 4 == 0 && repeated % 4 == 0
        let parameters = [total, code, try activationCode(activation)] + aligned(out, fill: 1)
            + aligned(try broadcastStrides(a), fill: 0) + aligned(try broadcastStrides(b), fill: 0) + [repeated]
        return .dispatches([GPUDispatch("binary", constants: [Int32(mode), vec4 ? 1 : 0], parameters: parameters,
                                        bindings: [0: .tensor(a), 1: .tensor(b), 3: .tensor(y)], invocations: vec4 ? total / 4 : total)])
    }

    func unary(_ code: Int, alpha: Float = 0) throws -> GPUNodePlan {
        try checkTypes()
        let x = try input(0), y = try output()
        guard count(x) == count(y) else { throw GPUUnsupported("\(node.op.kind) changes the element count") }
        return .dispatches([GPUDispatch("unary", parameters: [count(y), code, alpha.parameterBits],
                                        bindings: [0: .tensor(x), 3: .tensor(y)], invocations: count(y))])
    }

    func reduce(_ code: Int) throws -> GPUNodePlan {
        try checkTypes(intInputs: [1])
        let x = try input(0), y = try output()
        let shape = dims(x)
        let axes = Set(try ints(1).map { $0 < 0 ? $0 + shape.count : $0 }).sorted()
        guard let first = axes.first, let last = axes.last, first >= 0, last < shape.count, last - first + 1 == axes.count else {
            throw GPUUnsupported("\(node.op.kind) over axes \(axes) of \(shape): the GPU reduces one contiguous block of axes")
        }
        let outer = shape[..<first].reduce(1, *), reduced = shape[first...last].reduce(1, *), inner = shape[(last + 1)...].reduce(1, *)
        guard outer * inner == count(y) else { throw GPUUnsupported("\(node.op.kind) output size") }
        return .dispatches([GPUDispatch("reduce", parameters: [outer, reduced, inner, code],
                                        bindings: [0: .tensor(x), 3: .tensor(y)], invocations: outer * inner)])
    }

    func softmax(beta: Float, log: Bool) throws -> GPUNodePlan {
        try checkTypes()
        let x = try input(0), y = try output()
        guard let columns = dims(x).last, columns > 0, count(x) == count(y) else { throw GPUUnsupported("\(node.op.kind) of an empty tensor") }
        let rows = count(x) / columns
        return .dispatches([GPUDispatch("softmax", constants: [log ? 1 : 0], parameters: [rows, columns, beta.parameterBits],
                                        bindings: [0: .tensor(x), 3: .tensor(y)], invocations: rows)])
    }
}
