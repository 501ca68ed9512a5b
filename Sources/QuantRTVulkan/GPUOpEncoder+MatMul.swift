import QuantRTCore

extension GPUOpEncoder {
    func fullyConnected(_ a: FullyConnectedAttributes) throws -> GPUNodePlan {
        try checkTypes()
        let x = try input(0), weights = try input(1), y = try output()
        let w = dims(weights)
        guard w.count == 2, w[1] > 0, count(x) % w[1] == 0 else { throw GPUUnsupported("FULLY_CONNECTED weights \(w) do not fit input \(dims(x))") }
        let batches = count(x) / w[1]
        guard count(y) == batches * w[0] else { throw GPUUnsupported("FULLY_CONNECTED output size") }
        let bias = node.input(2)
        if let bias { guard count(bias) == w[0] else { throw GPUUnsupported("FULLY_CONNECTED bias size") } }
        var bindings: [Int: GPUOperand] = [0: .tensor(x), 1: .tensor(weights), 3: .tensor(y)]
        if let bias { bindings[2] = .tensor(bias) }
        return .dispatches([GPUDispatch("fully_connected", constants: [w[1] % 4 == 0 ? 1 : 0],
                                        parameters: [batches, w[1], w[0], try activationCode(a.activation), bias == nil ? 0 : 1],
                                        bindings: bindings, invocations: batches * ((w[0] + 3) / 4))])
    }

    func batchMatMul(_ a: BatchMatMulAttributes) throws -> GPUNodePlan {
        try checkTypes()
        let lhs = try input(0), rhs = try input(1), y = try output()
        let l = dims(lhs), r = dims(rhs)
        guard l.count >= 2, r.count >= 2 else { throw GPUUnsupported("BATCH_MATMUL of rank < 2") }
        let (m, k) = a.adjointX ? (l[l.count - 1], l[l.count - 2]) : (l[l.count - 2], l[l.count - 1])
        let (k2, n) = a.adjointY ? (r[r.count - 1], r[r.count - 2]) : (r[r.count - 2], r[r.count - 1])
        guard k == k2 else { throw GPUUnsupported("BATCH_MATMUL inner sizes \(k) and \(k2)") }
        let lb = l.dropLast(2).reduce(1, *), rb = r.dropLast(2).reduce(1, *)
        let batches = max(lb, rb)
        guard lb == rb || lb == 1 || rb == 1, count(y) == batches * m * n else {
            throw GPUUnsupported("BATCH_MATMUL broadcast of \(l) and \(r) (only equal or single batches)")
        }
        let parameters = [batches, m, n, k,
                          lb == 1 ? 0 : m * k, a.adjointX ? 1 : k, a.adjointX ? m : 1,
                          rb == 1 ? 0 : k * n, a.adjointY ? 1 : n, a.adjointY ? k : 1]
        return .dispatches([GPUDispatch("batch_matmul", parameters: parameters, bindings: [0: .tensor(lhs), 1: .tensor(rhs), 3: .tensor(y)],
                                        invocations: count(y))])
    }
}
