import Foundation

/// The fixed-point arithmetic of the TFLite quantization spec: a real multiplier `M` is stored
/// as a 31-bit fraction `m` in [2^30, 2^31) and a power of two, `M ≈ m · 2^(shift − 31)`, and a
/// value is scaled with a rounding high multiplication and a rounding right shift — exactly the
/// rounding of TFLite's reference kernels, so our integer results agree with theirs bit for bit.
public struct QuantizedMultiplier: Sendable, Equatable {
    /// The fraction, Q0.31 (0 encodes a multiplier of zero).
    public let multiplier: Int32
    /// The power of two: positive shifts left, negative right.
    public let shift: Int

    /// Creates the multiplier from its parts.
    public init(multiplier: Int32, shift: Int) {
        self.multiplier = multiplier
        self.shift = shift
    }

    /// Quantizes a non-negative real multiplier (TFLite's `QuantizeMultiplier`): frexp into a
    /// fraction in [0.5, 1) and an exponent, the fraction rounded half away from zero to 31 bits.
    /// Multipliers too small to represent become zero; too large ones saturate.
    public init(_ real: Double) {
        precondition(real >= 0 && real.isFinite, "a quantized multiplier must be a finite non-negative number, got \(real)")
        guard real > 0 else {
            self.init(multiplier: 0, shift: 0)
            return
        }
        let (fraction, exponent) = frexpParts(real)
        var q = (fraction * 2_147_483_648.0).rounded(.toNearestOrAwayFromZero)
        var shift = exponent
        if q == 2_147_483_648.0 {
            q /= 2
            shift += 1
        }
        if shift < -31 {
            self.init(multiplier: 0, shift: 0)
        } else if shift > 30 {
            self.init(multiplier: Int32.max, shift: 30)
        } else {
            self.init(multiplier: Int32(q), shift: shift)
        }
    }

    /// The real value this multiplier encodes.
    public var realValue: Double { Double(multiplier) * pow(2, Double(shift - 31)) }

    /// `x · M` rounded as TFLite's `MultiplyByQuantizedMultiplier` for 32-bit values: a left
    /// shift, a saturating rounding doubling high multiplication, then a rounding right shift.
    @inline(__always)
    public func apply(_ x: Int32) -> Int32 {
        let left = shift > 0 ? shift : 0
        let right = shift > 0 ? 0 : -shift
        return roundingDivideByPowerOfTwo(saturatingRoundingDoublingHighMul(x &* (1 << Int32(left)), multiplier), right)
    }

    /// `x · M` with a single rounding, half up: `(x·m + 2^(30−shift)) >> (31 − shift)` — TFLite's
    /// `TFLITE_SINGLE_ROUNDING` arithmetic, which its per-channel FULLY_CONNECTED path uses.
    @inline(__always)
    public func applySingleRounding(_ x: Int32) -> Int32 {
        let totalShift = Int64(31 - shift)
        let rounded = Int64(x) &* Int64(multiplier) &+ (Int64(1) << (totalShift - 1))
        return Int32(truncatingIfNeeded: rounded >> totalShift)
    }

    /// `x · M` for 64-bit accumulators (the 16x8 kernels), as TFLite's 64-bit
    /// `MultiplyByQuantizedMultiplier`: the multiplier rounded to 16 bits, one rounding shift.
    @inline(__always)
    public func apply(_ x: Int64) -> Int32 {
        let reduced: Int64 = multiplier < 0x7FFF_0000 ? (Int64(multiplier) + (1 << 15)) >> 16 : 0x7FFF
        let totalShift = 15 - shift
        let rounded = x &* reduced &+ (Int64(1) << Int64(totalShift - 1))
        return Int32(truncatingIfNeeded: rounded >> Int64(totalShift))
    }
}

/// `frexp`: `value = fraction · 2^exponent` with `fraction` in [0.5, 1).
@inline(__always)
func frexpParts(_ value: Double) -> (fraction: Double, exponent: Int) {
    let exponent = Int(value.exponent) + 1
    return (value.significand / 2, exponent)
}

/// gemmlowp's `SaturatingRoundingDoublingHighMul`: the high 32 bits of `2·a·b`, rounded half away
/// from zero; the single overflowing case (`a = b = Int32.min`) saturates.
@inline(__always)
public func saturatingRoundingDoublingHighMul(_ a: Int32, _ b: Int32) -> Int32 {
    if a == Int32.min && b == Int32.min { return Int32.max }
    let product = Int64(a) * Int64(b)
    let nudge: Int64 = product >= 0 ? 1 << 30 : 1 - (1 << 30)
    // C++ division truncates toward zero; Swift's `/` does too.
    return Int32(truncatingIfNeeded: (product + nudge) / (1 << 31))
}

/// gemmlowp's `RoundingDivideByPOT`: `x / 2^exponent` rounded to nearest, ties away from zero.
@inline(__always)
public func roundingDivideByPowerOfTwo(_ x: Int32, _ exponent: Int) -> Int32 {
    let mask: Int32 = (1 << Int32(exponent)) &- 1
    let remainder = x & mask
    let threshold = (mask >> 1) &+ (x < 0 ? 1 : 0)
    return (x >> Int32(exponent)) &+ (remainder > threshold ? 1 : 0)
}

/// A multiplier below one in TFLite's "smaller than one, exponent" form, as ADD, SUB and
/// SQUARED_DIFFERENCE use for their input rescaling.
@inline(__always)
func multiplyByQuantizedMultiplierSmallerThanOne(_ x: Int32, _ m: QuantizedMultiplier) -> Int32 {
    roundingDivideByPowerOfTwo(saturatingRoundingDoublingHighMul(x, m.multiplier), -m.shift)
}
