import QuantRTCore

extension GPUOpEncoder {
    /// A strided copy (`copy.comp`) over up to 6 dimensions.
    func copy(from x: Int, to y: Int, dims iterate: [Int], source: [Int], destination: [Int],
              sourceBase: Int = 0, destinationBase: Int = 0) -> GPUDispatch {
        let total = iterate.reduce(1, *)
        let parameters = [total, sourceBase, destinationBase] + aligned(iterate, fill: 1)
            + aligned(source, fill: 0) + aligned(destination, fill: 0)
        return GPUDispatch("copy", parameters: parameters, bindings: [0: .tensor(x), 3: .tensor(y)], invocations: total)
    }

    func alias() throws -> GPUNodePlan {
        try checkTypes(intInputs: [1])
        let x = try input(0), y = try output()
        guard count(x) == count(y) else { throw GPUUnsupported("\(node.op.kind) changes the element count") }
        return .alias(output: y, input: x)
    }

    func transpose() throws -> GPUNodePlan {
        try checkTypes(intInputs: [1])
        let x = try input(0), y = try output()
        let shape = dims(x), permutation = try ints(1)
        guard shape.count <= 6, permutation.sorted() == Array(0..<shape.count) else {
            throw GPUUnsupported("TRANSPOSE of rank \(shape.count) with permutation \(permutation)")
        }
        let inStrides = strides(shape)
        let outDims = permutation.map { shape[$0] }
        return .dispatches([copy(from: x, to: y, dims: outDims, source: permutation.map { inStrides[$0] }, destination: strides(outDims))])
    }

    func slice() throws -> GPUNodePlan {
        try checkTypes(intInputs: [1, 2])
        let x = try input(0), y = try output()
        let shape = dims(x), begin = try ints(1), size = try ints(2)
        guard shape.count <= 6, begin.count == shape.count, size.count == shape.count else { throw GPUUnsupported("SLICE parameters") }
        let sizes = zip(zip(begin, size), shape).map { pair, dim in pair.1 < 0 ? dim - pair.0 : pair.1 }
        guard zip(zip(begin, sizes), shape).allSatisfy({ $0.0 >= 0 && $0.1 >= 0 && $0.0 + $0.1 <= $1 }), sizes.reduce(1, *) == count(y) else {
            throw GPUUnsupported("SLICE out of bounds")
        }
        let inStrides = strides(shape)
        let base = zip(begin, inStrides).map(*).reduce(0, +)
        return .dispatches([copy(from: x, to: y, dims: sizes, source: inStrides, destination: strides(sizes), sourceBase: base)])
    }

    func stridedSlice(_ a: StridedSliceAttributes) throws -> GPUNodePlan {
        try checkTypes(intInputs: [1, 2, 3])
        let x = try input(0), y = try output()
        let shape = dims(x), begins = try ints(1), ends = try ints(2), steps = try ints(3)
        guard a.ellipsisMask == 0, a.newAxisMask == 0 else { throw GPUUnsupported("STRIDED_SLICE with ellipsis or new-axis masks") }
        guard shape.count <= 6, begins.count == shape.count, ends.count == shape.count, steps.count == shape.count else {
            throw GPUUnsupported("STRIDED_SLICE parameters")
        }
        let inStrides = strides(shape)
        var sizes: [Int] = [], source: [Int] = [], base = 0
        for axis in shape.indices {
            let dim = shape[axis], bit = 1 << axis
            var step = steps[axis]
            guard step != 0 else { throw GPUUnsupported("STRIDED_SLICE step 0") }
            func clamp(_ v: Int) -> Int { step > 0 ? min(max(v, 0), dim) : min(max(v, -1), dim - 1) }
            var begin = a.beginMask & bit != 0 ? (step > 0 ? 0 : dim - 1) : clamp(begins[axis] < 0 ? begins[axis] + dim : begins[axis])
            var end: Int
            if a.offset {
                end = clamp(begin + ends[axis])
            } else {
                end = a.endMask & bit != 0 ? (step > 0 ? dim : -1) : clamp(ends[axis] < 0 ? ends[axis] + dim : ends[axis])
            }
            if a.shrinkAxisMask & bit != 0 {
                begin = begins[axis] < 0 ? begins[axis] + dim : begins[axis]
                end = begin + 1
                step = 1
            }
            let size = step > 0 ? max(0, (end - begin + step - 1) / step) : max(0, (begin - end - step - 1) / -step)
            sizes.append(size)
            source.append(step * inStrides[axis])
            base += begin * inStrides[axis]
        }
        guard sizes.reduce(1, *) == count(y) else { throw GPUUnsupported("STRIDED_SLICE output size") }
        return .dispatches([copy(from: x, to: y, dims: sizes, source: source, destination: strides(sizes), sourceBase: base)])
    }

    func concatenation(axis: Int, activation: FusedActivation) throws -> GPUNodePlan {
        try checkTypes()
        guard activation == .none else { throw GPUUnsupported("CONCATENATION with a fused activation") }
        let y = try output()
        let out = dims(y)
        let axis = axis < 0 ? axis + out.count : axis
        guard out.count <= 6, axis >= 0, axis < out.count else { throw GPUUnsupported("CONCATENATION axis") }
        let outStrides = strides(out)
        var offset = 0, dispatches: [GPUDispatch] = []
        for tensor in node.inputs where tensor != Node.absent {
            let shape = dims(tensor)
            guard shape.count == out.count else { throw GPUUnsupported("CONCATENATION of different ranks") }
            if count(tensor) > 0 {
                dispatches.append(copy(from: tensor, to: y, dims: shape, source: strides(shape), destination: outStrides,
                                       destinationBase: offset * outStrides[axis]))
            }
            offset += shape[axis]
        }
        guard offset == out[axis] else { throw GPUUnsupported("CONCATENATION sizes") }
        return .dispatches(dispatches)
    }

    func pad() throws -> GPUNodePlan {
        try checkTypes(intInputs: [1, 2])
        let x = try input(0), y = try output()
        let shape = dims(x), out = dims(y), paddings = try ints(1)
        guard shape.count <= 6, out.count == shape.count, paddings.count == 2 * shape.count else { throw GPUUnsupported("PAD parameters") }
        var value: Float = 0
        if let constant = node.input(2) {
            guard let data = graph.tensors[constant].data, graph.tensors[constant].dtype == .float32, count(constant) == 1 else {
                throw GPUUnsupported("PADV2 needs a float32 constant scalar value")
            }
            value = data.values(as: Float.self)[0]
        }
        let before = stride(from: 0, to: paddings.count, by: 2).map { paddings[$0] }
        guard before.allSatisfy({ $0 >= 0 }), zip(zip(shape, out), before).allSatisfy({ $0.0 + $1 <= $0.1 }) else {
            throw GPUUnsupported("PAD with negative padding")
        }
        let parameters = [count(y), value.parameterBits] + aligned(out, fill: 1) + aligned(shape, fill: 1) + aligned(before, fill: 0)
        return .dispatches([GPUDispatch("pad", parameters: parameters, bindings: [0: .tensor(x), 3: .tensor(y)], invocations: count(y))])
    }
}
