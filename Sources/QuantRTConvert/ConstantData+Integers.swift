import QuantRTCore

extension ConstantData {
    /// Integer `values` stored as `dtype` (int8, uint8, int16, int32 or int64), little-endian.
    static func integers(_ values: [Int64], as dtype: DType) -> ConstantData {
        switch dtype {
        case .int8: ConstantData(copying: values.map { Int8(truncatingIfNeeded: $0) })
        case .uint8: ConstantData(copying: values.map { UInt8(truncatingIfNeeded: $0) })
        case .int16: ConstantData(copying: values.map { Int16(truncatingIfNeeded: $0) })
        case .int32: ConstantData(copying: values.map { Int32(truncatingIfNeeded: $0) })
        default: ConstantData(copying: values)
        }
    }
}

extension TensorDescriptor {
    /// The values of a dense float32 constant, or `nil`.
    var floatConstantValues: [Float]? {
        guard dtype == .float32, sparsity == nil, let data else { return nil }
        return data.values(as: Float.self)
    }

    /// Whether this is a float32 activation (not a constant): what calibration measures.
    var isFloatActivation: Bool { dtype == .float32 && data == nil }
}
