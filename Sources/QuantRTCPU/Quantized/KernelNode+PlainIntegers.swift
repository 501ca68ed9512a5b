import QuantRTCore

extension KernelNode {
    /// For ops that only select or move stored values (MAX_POOL_2D, MAXIMUM, MINIMUM,
    /// REDUCE_MAX/MIN): the tensor's quantization, or scale 1 and zero point 0 when it is a plain
    /// int8/uint8/int16 tensor without quantization (its values are then the integers themselves).
    func affineOrPlain(_ tensor: Int, _ role: String) throws -> AffineParameters {
        let type = dtype(tensor)
        if let range = type.quantizedRange, graph.tensors[tensor].quantization.map(Self.isTrivial) ?? true {
            return AffineParameters(scale: 1, zeroPoint: 0, type: type, minimum: range.minimum, maximum: range.maximum)
        }
        return try affine(tensor, role)
    }
}
