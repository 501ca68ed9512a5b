import QuantRTCore

/// The integer arithmetic of one quantized binary op, prepared from the three tensors'
/// quantization exactly as TFLite's `Prepare` does, applied to one pair of stored values.
struct QuantizedBinaryArithmetic {
    enum Kind: Equatable {
        /// ADD (`sign` +1) and SUB (−1): both inputs rescaled to a common scale left-shifted by
        /// 20 bits (int8) or 15 (int16), summed, rescaled to the output.
        case addSub(sign: Int32)
        /// MUL: the product of the offset inputs, rescaled by `s1·s2/s_out`.
        case mul
        /// SQUARED_DIFFERENCE: like SUB with a 7-bit shift, the difference squared in int32.
        case squaredDifference
        /// SQUARED_DIFFERENCE of int16 (no TFLite kernel): the difference of 15-bit-shifted
        /// inputs squared in int64 and rescaled with 128-bit intermediates.
        case squaredDifferenceWide
        /// MAXIMUM / MINIMUM: the larger / smaller stored value (one quantization for all).
        case maximum, minimum
    }

    let kind: Kind
    let input1Offset: Int32, input2Offset: Int32, outputOffset: Int32
    let leftShift: Int32
    let input1Multiplier: QuantizedMultiplier, input2Multiplier: QuantizedMultiplier
    let outputMultiplier: QuantizedMultiplier
    let minimum: Int32, maximum: Int32

    /// Returns nil when a scale ratio overflows (MUL's float product and quotient).
    init?(_ kind: Kind, _ x: AffineParameters, _ y: AffineParameters, _ out: AffineParameters, range: (Int32, Int32)) {
        self.kind = kind
        input1Offset = -x.zeroPoint
        input2Offset = -y.zeroPoint
        outputOffset = out.zeroPoint
        (minimum, maximum) = range
        // TFLite takes the larger float scale and doubles it (exact in float).
        let twiceMaxScale = 2 * Double(max(x.scale, y.scale))
        switch kind {
        case .addSub:
            leftShift = out.type == .int16 ? 15 : 20
            input1Multiplier = QuantizedMultiplier(x.scaleDouble / twiceMaxScale)
            input2Multiplier = QuantizedMultiplier(y.scaleDouble / twiceMaxScale)
            outputMultiplier = QuantizedMultiplier(twiceMaxScale / (Double(1 << leftShift) * out.scaleDouble))
        case .mul:
            leftShift = 0
            input1Multiplier = QuantizedMultiplier(multiplier: 0, shift: 0)
            input2Multiplier = input1Multiplier
            // float · float / float, as in mul.cc, then widened.
            let real = Double(x.scale * y.scale / out.scale)
            guard real.isFinite else { return nil }
            outputMultiplier = QuantizedMultiplier(real)
        case .maximum, .minimum:
            leftShift = 0
            input1Multiplier = QuantizedMultiplier(multiplier: 0, shift: 0)
            input2Multiplier = input1Multiplier
            outputMultiplier = input1Multiplier
        case .squaredDifference, .squaredDifferenceWide:
            leftShift = kind == .squaredDifference ? 7 : 15
            input1Multiplier = QuantizedMultiplier(x.scaleDouble / twiceMaxScale)
            input2Multiplier = QuantizedMultiplier(y.scaleDouble / twiceMaxScale)
            let shiftedScale = Double(Float(1 << (2 * leftShift)) * out.scale)
            let real = twiceMaxScale * twiceMaxScale / shiftedScale
            // The int64 path rescales with 128-bit products, so its multiplier keeps any exponent.
            outputMultiplier = kind == .squaredDifference ? QuantizedMultiplier(real) : Self.wideMultiplier(real)
        }
    }

    @inline(__always)
    func callAsFunction(_ a: Int32, _ b: Int32) -> Int32 {
        let x = input1Offset &+ a, y = input2Offset &+ b
        let raw: Int32
        switch kind {
        case .maximum: return min(max(a > b ? a : b, minimum), maximum)
        case .minimum: return min(max(a < b ? a : b, minimum), maximum)
        case .addSub(let sign):
            let scaledX = multiplyByQuantizedMultiplierSmallerThanOne(x &* (1 << leftShift), input1Multiplier)
            let scaledY = multiplyByQuantizedMultiplierSmallerThanOne(y &* (1 << leftShift), input2Multiplier)
            raw = multiplyByQuantizedMultiplierSmallerThanOne(scaledX &+ sign &* scaledY, outputMultiplier)
        case .mul:
            raw = outputMultiplier.apply(x &* y)
        case .squaredDifference:
            let scaledX = multiplyByQuantizedMultiplierSmallerThanOne(x &* (1 << leftShift), input1Multiplier)
            let scaledY = multiplyByQuantizedMultiplierSmallerThanOne(y &* (1 << leftShift), input2Multiplier)
            let difference = scaledX &- scaledY
            raw = multiplyByQuantizedMultiplierSmallerThanOne(difference &* difference, outputMultiplier)
        case .squaredDifferenceWide:
            let scaledX = multiplyByQuantizedMultiplierSmallerThanOne(x &* (1 << leftShift), input1Multiplier)
            let scaledY = multiplyByQuantizedMultiplierSmallerThanOne(y &* (1 << leftShift), input2Multiplier)
            let difference = Int64(scaledX) - Int64(scaledY)
            raw = Self.roundingScale(difference * difference, outputMultiplier)
        }
        return min(max(raw &+ outputOffset, minimum), maximum)
    }

    /// A Q0.31 fraction and an unbounded power of two (TFLite's multipliers stop at 2^−31).
    static func wideMultiplier(_ real: Double) -> QuantizedMultiplier {
        guard real > 0, real.isFinite else { return QuantizedMultiplier(multiplier: 0, shift: 0) }
        let (fraction, exponent) = frexpParts(real)
        let q = (fraction * 2_147_483_648.0).rounded(.toNearestOrAwayFromZero)
        return q >= 2_147_483_648.0 ? QuantizedMultiplier(multiplier: 1 << 30, shift: exponent + 1)
                                    : QuantizedMultiplier(multiplier: Int32(q), shift: exponent)
    }

    /// `x · M` for a non-negative 64-bit `x`, rounded half away from zero, saturated to int32.
    @inline(__always)
    static func roundingScale(_ x: Int64, _ m: QuantizedMultiplier) -> Int32 {
        let product = Int128(x) * Int128(m.multiplier)
        let shift = 31 - m.shift
        guard shift > 0 else { return Int32(clamping: product << Int128(-shift)) }
        guard shift < 126 else { return 0 }
        let half = Int128(1) << Int128(shift - 1)
        let magnitude = (product.magnitude + UInt128(half)) >> UInt128(shift)
        let signed = product < 0 ? -Int128(magnitude) : Int128(magnitude)
        return Int32(clamping: signed)
    }
}
