import QuantRT
import QuantRTCPU
import QuantRTCore

/// Evaluates, at prepare, the nodes of a partition whose inputs are all constants.
///
/// A DEQUANTIZE of float16 constants is not evaluated: its output simply *is* the float16
/// bytes, which go to the GPU as they are. Anything else constant (a DENSIFY of a sparse
/// constant, say) runs once through the reference kernels.
struct ConstantFolder {
    /// A folded tensor: its values in `dtype` (float16 for absorbed DEQUANTIZE outputs).
    struct Value {
        var dtype: DType
        var bytes: [UInt8]
    }

    private(set) var graph: Graph
    private(set) var values: [Int: Value] = [:]

    init(graph: Graph) { self.graph = graph }

    /// Whether `tensor` is known at prepare.
    func isConstant(_ tensor: Int) -> Bool { graph.tensors[tensor].isConstant || values[tensor] != nil }

    /// The float values of constant `tensor` as float16 or float32 bytes (whichever it holds).
    func floatBytes(_ tensor: Int) -> Value? {
        if let value = values[tensor] { return value }
        let descriptor = graph.tensors[tensor]
        guard let data = descriptor.data, descriptor.sparsity == nil, descriptor.dtype.isFloatingPoint else { return nil }
        return Value(dtype: descriptor.dtype, bytes: Array(data.bytes))
    }

    /// Folds node `index` when all its inputs are constant; returns whether it did.
    mutating func foldIfConstant(_ index: Int) throws -> Bool {
        let node = graph.nodes[index]
        let inputs = node.inputs.filter { $0 != Node.absent }
        guard !inputs.isEmpty, inputs.allSatisfy(isConstant) else { return false }
        if case .dequantize = node.op, let source = floatBytes(inputs[0]), source.dtype == .float16, node.outputs.count == 1 {
            values[node.outputs[0]] = source
            return true
        }
        // Give the reference kernel its inputs in their declared dtypes.
        for input in inputs where !graph.tensors[input].isConstant {
            guard let value = values[input] else { continue }
            let declared = value.dtype == graph.tensors[input].dtype ? value.bytes : HalfFloat.widen(value.bytes)
            graph.tensors[input].data = ConstantData(storage: ByteStorage(copying: declared), offset: 0, count: declared.count)
        }
        guard let factory = ReferenceKernels.factories[node.op.kind] else { throw GPUUnsupported("cannot fold \(node.op.kind)") }
        let kernel = try factory(node, graph)
        let outputs = node.outputs.map { UnsafeMutableRawBufferPointer.allocate(byteCount: max(graph.tensors[$0].byteCount, 1), alignment: 64) }
        defer { outputs.forEach { $0.deallocate() } }
        var table = [UnsafeMutableRawPointer?](repeating: nil, count: graph.tensors.count)
        for input in inputs { table[input] = graph.tensors[input].data?.bytes.baseAddress.map { UnsafeMutableRawPointer(mutating: $0) } }
        for (tensor, buffer) in zip(node.outputs, outputs) { table[tensor] = buffer.baseAddress }
        try table.withUnsafeMutableBufferPointer { buffer in
            try kernel.run(TensorBuffers(table: buffer.baseAddress!, count: buffer.count))
        }
        let results = zip(node.outputs, outputs).map { Array(UnsafeRawBufferPointer(start: $1.baseAddress, count: graph.tensors[$0].byteCount)) }
        for (tensor, bytes) in zip(node.outputs, results) { values[tensor] = Value(dtype: graph.tensors[tensor].dtype, bytes: bytes) }
        return true
    }
}

/// float16 ⇄ float32 conversion of raw little-endian bytes.
enum HalfFloat {
    /// float16 bytes to float32 bytes.
    static func widen(_ bytes: [UInt8]) -> [UInt8] {
        bytes.withUnsafeBytes { source in
            let halves = source.bindMemory(to: UInt16.self)
            var floats = [Float](repeating: 0, count: halves.count)
            for i in halves.indices { floats[i] = Float(Float16(bitPattern: UInt16(littleEndian: halves[i]))) }
            return floats.withUnsafeBytes { Array($0) }
        }
    }

    /// float32 bytes to float16 bytes (round to nearest even; overflow becomes infinity).
    static func narrow(_ bytes: [UInt8]) -> [UInt8] {
        bytes.withUnsafeBytes { source in
            let floats = source.bindMemory(to: Float.self)
            var halves = [UInt16](repeating: 0, count: floats.count)
            for i in floats.indices { halves[i] = Float16(floats[i]).bitPattern.littleEndian }
            return halves.withUnsafeBytes { Array($0) }
        }
    }
}
