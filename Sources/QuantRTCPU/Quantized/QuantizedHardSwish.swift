/// TFLite's 8-bit HARD_SWISH (`reference_ops::HardSwish` with `HardSwishParams`), computed in
/// 16-bit fixed point: the input on a 7-bit "hires" scale is multiplied by the output multiplier
/// and by a "relu-ish" factor in [0, 1] that is `(x + 3)/6` saturated (rescaled with its own
/// multiplier, saturating left shifts), the product truncated (not rounded), then shifted to the
/// output scale. Both multipliers are rounded down to 16 bits.
struct QuantizedHardSwish {
    let inputZeroPoint: Int32, outputZeroPoint: Int32
    let outputMultiplier: Int32, outputExponent: Int
    let reluishMultiplier: Int32, reluishExponent: Int
    let minimum: Int32, maximum: Int32

    /// Fails (returns nil) when the output multiplier exceeds one, which TFLite refuses, or a
    /// scale ratio overflows.
    init?(_ x: AffineParameters, _ y: AffineParameters) {
        inputZeroPoint = x.zeroPoint
        outputZeroPoint = y.zeroPoint
        (minimum, maximum) = (y.minimum, y.maximum)
        let hiresInputScale: Float = (1.0 / 128.0) * x.scale
        let reluishScale: Float = 3.0 / 32768.0
        let outputReal = Double(hiresInputScale / y.scale), reluishReal = Double(hiresInputScale / reluishScale)
        guard outputReal.isFinite, reluishReal.isFinite else { return nil }
        let output = QuantizedMultiplier(outputReal)
        let reluish = QuantizedMultiplier(reluishReal)
        guard output.shift <= 0 else { return nil }
        outputMultiplier = Self.downscaleTo16Bits(output.multiplier)
        outputExponent = output.shift
        reluishMultiplier = Self.downscaleTo16Bits(reluish.multiplier)
        reluishExponent = reluish.shift
    }

    /// TFLite's `DownScaleInt32ToInt16Multiplier`: rounds a Q0.31 multiplier to Q0.15.
    static func downscaleTo16Bits(_ m: Int32) -> Int32 {
        m >= Int32.max - (1 << 15) ? 32767 : (m + (1 << 15)) >> 16
    }

    /// gemmlowp's 16-bit saturating rounding doubling high multiplication.
    @inline(__always)
    static func roundingHighMul16(_ a: Int32, _ b: Int32) -> Int32 {
        if a == -32768 && b == -32768 { return 32767 }
        let product = a * b
        let nudge: Int32 = product >= 0 ? 1 << 14 : 1 - (1 << 14)
        return Int32(Int16(truncatingIfNeeded: (product + nudge) / (1 << 15)))
    }

    /// The same, truncating toward zero instead of rounding (ARM's SQDMULH).
    @inline(__always)
    static func highMul16(_ a: Int32, _ b: Int32) -> Int32 {
        if a == -32768 && b == -32768 { return 32767 }
        return Int32(Int16(truncatingIfNeeded: (a * b) / (1 << 15)))
    }

    @inline(__always)
    static func saturatingLeftShift16(_ value: Int32, _ amount: Int) -> Int32 {
        let shifted = Int64(value) * (Int64(1) << Int64(amount))
        return Int32(min(max(shifted, -32768), 32767))
    }

    func callAsFunction(_ q: Int32) -> Int32 {
        let input = Int32(Int16(truncatingIfNeeded: q - inputZeroPoint))
        let hires = Int32(Int16(truncatingIfNeeded: input * (1 << 7)))
        let preshiftOutput = Self.roundingHighMul16(hires, outputMultiplier)
        var reluish = hires
        if reluishExponent > 0 { reluish = Self.saturatingLeftShift16(reluish, reluishExponent - 1) }
        reluish = Self.roundingHighMul16(reluish, reluishMultiplier)
        if reluishExponent > 0 { reluish = Self.saturatingLeftShift16(reluish, 1) }
        if reluishExponent < 0 { reluish = roundingDivideByPowerOfTwo(reluish, -reluishExponent) }
        reluish = (reluish + (1 << 15)) >> 1
        let preshift = Self.highMul16(reluish, preshiftOutput)
        var result = Int32(Int16(truncatingIfNeeded: roundingDivideByPowerOfTwo(preshift, -outputExponent)))
        result = Int32(Int16(truncatingIfNeeded: result + outputZeroPoint))
        return min(max(result, minimum), maximum)
    }
}
