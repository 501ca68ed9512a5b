import QuantRTCore

/// The arithmetic of quantization parameters, as the TFLite converter computes them.
public enum QuantizationMath {
    /// int8 asymmetric per-tensor parameters covering `range` widened to include 0:
    /// `scale = (max − min) / 255`, zero point `−128 − min / scale` rounded and clamped.
    public static func asymmetricInt8(_ range: TensorRange) -> Quantization {
        let low = Double(Swift.min(range.min, 0)), high = Double(Swift.max(range.max, 0))
        guard high - low > 1e-30 else { return Quantization(scales: [1], zeroPoints: [-128]) }
        let scale = (high - low) / 255
        let zeroPoint = (-128 - low / scale).rounded(.toNearestOrAwayFromZero)
        return Quantization(scales: [Float(scale)], zeroPoints: [Int64(Swift.min(Swift.max(zeroPoint, -128), 127))])
    }

    /// int16 symmetric per-tensor parameters: `scale = max|range| / 32767`, zero point 0.
    public static func symmetricInt16(_ range: TensorRange) -> Quantization {
        let bound = Swift.max(Swift.abs(range.min), Swift.abs(range.max))
        return Quantization(scales: [bound > 0 ? bound / 32767 : 1], zeroPoints: [0])
    }

    /// Activation parameters for `dtype` (int8 asymmetric or int16 symmetric).
    public static func activation(_ range: TensorRange, dtype: DType) -> Quantization {
        dtype == .int16 ? symmetricInt16(range) : asymmetricInt8(range)
    }

    /// Symmetric int8 weights with one scale per slice along `axis` (values in [−127, 127], zero
    /// points 0). The scale is `max|w| / 127`, or — with `leastSquares` — the scale among
    /// `α · max|w| / 127` (α from 0.8 to 1) with the least squared rounding-and-clipping error.
    public static func symmetricPerChannelInt8(_ values: [Float], shape: Shape, axis: Int, leastSquares: Bool = false) -> (values: [Int8], quantization: Quantization) {
        let channels = shape[axis]
        let inner = shape.dims[(axis + 1)...].reduce(1, *)
        var slices = [[Float]](repeating: [], count: channels)
        for (index, value) in values.enumerated() { slices[(index / inner) % channels].append(value) }
        // In double, like the TFLite converter, so the int8 weights come out bit-identical to its own.
        let scales = slices.map { slice -> Double in
            let bound = Double(slice.reduce(0) { Swift.max($0, Swift.abs($1)) })
            guard bound > 0 else { return 1 }
            guard leastSquares else { return bound / 127 }
            var best = (error: Double.infinity, scale: bound / 127)
            for step in 0...20 {
                let scale = bound * (1 - Double(step) * 0.01) / 127
                var error = 0.0
                for w in slice {
                    let q = Swift.min(Swift.max((Double(w) / scale).rounded(.toNearestOrAwayFromZero), -127), 127)
                    error += (Double(w) - q * scale) * (Double(w) - q * scale)
                }
                if error < best.error { best = (error, scale) }
            }
            return best.scale
        }
        let quantized = values.enumerated().map { index, value -> Int8 in
            let q = (Double(value) / scales[(index / inner) % channels]).rounded(.toNearestOrAwayFromZero)
            return Int8(Swift.min(Swift.max(q, -127), 127))
        }
        return (quantized, Quantization(scales: scales.map(Float.init), zeroPoints: [Int64](repeating: 0, count: channels), axis: axis))
    }

    /// Bias values as integers of scale `inputScale × weightScales[c]` (zero point 0), one scale per
    /// channel, saturated to `dtype` (int32, or int64 for 16x8).
    public static func bias(_ values: [Float], inputScale: Float, weightScales: [Float], dtype: DType) -> (values: [Int64], quantization: Quantization) {
        let scales = values.indices.map { inputScale * weightScales[weightScales.count == 1 ? 0 : $0] }
        let limit = dtype == .int64 ? Double(Int64.max / 2) : Double(Int32.max)
        let quantized = values.enumerated().map { index, value -> Int64 in
            let q = (Double(value) / Double(scales[index])).rounded(.toNearestOrAwayFromZero)
            return Int64(Swift.min(Swift.max(q, -limit), limit))
        }
        return (quantized, Quantization(scales: scales, zeroPoints: [Int64](repeating: 0, count: scales.count), axis: 0))
    }

    /// Quantizes `values` per tensor with `quantization` to int8, uint8 or int16, rounding half
    /// away from zero and saturating.
    public static func quantize(_ values: [Float], with quantization: Quantization, to dtype: DType) -> [Int64] {
        let (low, high): (Float, Float) = switch dtype {
        case .uint8: (0, 255)
        case .int16: (-32768, 32767)
        default: (-128, 127)
        }
        let scale = quantization.scale, zeroPoint = Float(quantization.zeroPoint)
        return values.map { Int64(Swift.min(Swift.max(($0 / scale).rounded(.toNearestOrAwayFromZero) + zeroPoint, low), high)) }
    }
}
