/// gemmlowp's fixed-point arithmetic on raw Int32 values, as TFLite's integer softmax, RSQRT and
/// logistic/tanh kernels use it. A value with `I` integer bits is stored as `raw / 2^(31 − I)`;
/// a product of values with `I` and `J` integer bits has `I + J` integer bits (its raw value is
/// the rounding doubling high multiplication of the raws).
enum GemmlowpFixedPoint {
    /// `x · 2^exponent` rounded (negative exponents) or saturated (positive ones), gemmlowp's
    /// `SaturatingRoundingMultiplyByPOT`.
    @inline(__always)
    static func multiplyByPowerOfTwo(_ x: Int32, _ exponent: Int) -> Int32 {
        if exponent == 0 { return x }
        if exponent < 0 { return roundingDivideByPowerOfTwo(x, -exponent) }
        let threshold: Int32 = (1 << Int32(31 - exponent)) &- 1
        if x > threshold { return .max }
        if x < -threshold { return .min }
        return x << Int32(exponent)
    }

    /// Re-expresses a value with `source` integer bits as one with `destination` integer bits.
    @inline(__always)
    static func rescale(_ raw: Int32, from source: Int, to destination: Int) -> Int32 {
        multiplyByPowerOfTwo(raw, source - destination)
    }

    /// The product of two fixed-point values (integer bits add up).
    @inline(__always)
    static func multiply(_ a: Int32, _ b: Int32) -> Int32 { saturatingRoundingDoublingHighMul(a, b) }

    /// `(a + b) / 2` rounded half away from zero, without overflow.
    @inline(__always)
    static func roundingHalfSum(_ a: Int32, _ b: Int32) -> Int32 {
        let sum = Int64(a) + Int64(b)
        return Int32(truncatingIfNeeded: (sum + (sum >= 0 ? 1 : -1)) / 2)
    }

    /// One in a format with no integer bits (the largest raw value).
    static let oneQ0: Int32 = .max

    /// `exp(a)` for `a` in [−1/4, 0), both with no integer bits: a fourth-order Taylor expansion
    /// around −1/8.
    @inline(__always)
    static func expOnIntervalNegativeQuarterToZero(_ a: Int32) -> Int32 {
        let expMinusOneEighth: Int32 = 1_895_147_668
        let oneThird: Int32 = 715_827_883
        let x = a &+ (1 << 28)
        let x2 = multiply(x, x)
        let x3 = multiply(x2, x)
        let x4 = multiply(x2, x2)
        let x4Over4 = multiplyByPowerOfTwo(x4, -2)
        let polynomial = multiplyByPowerOfTwo(multiply(x4Over4 &+ x3, oneThird) &+ x2, -1)
        return expMinusOneEighth &+ multiply(expMinusOneEighth, x &+ polynomial)
    }

    /// `exp(−2^k)` with no integer bits, for k = −2...4.
    private static let expBarrel: [(exponent: Int, multiplier: Int32)] = [
        (-2, 1_672_461_947), (-1, 1_302_514_674), (0, 790_015_084), (1, 290_630_308),
        (2, 39_332_535), (3, 720_401), (4, 242),
    ]

    /// `exp(a)` for `a ≤ 0` with `integerBits` integer bits; the result has no integer bits.
    /// The fractional part goes through the Taylor expansion, each set bit of the integer part
    /// multiplies by a constant `exp(−2^k)`.
    static func expOnNegativeValues(_ a: Int32, integerBits: Int) -> Int32 {
        let fractionalBits = 31 - integerBits
        let oneQuarter: Int32 = 1 << Int32(fractionalBits - 2)
        let aModQuarterMinusQuarter = (a & (oneQuarter &- 1)) &- oneQuarter
        var result = expOnIntervalNegativeQuarterToZero(rescale(aModQuarterMinusQuarter, from: integerBits, to: 0))
        let remainder = aModQuarterMinusQuarter &- a
        for (exponent, multiplier) in expBarrel where integerBits > exponent {
            let bit = fractionalBits + exponent
            if bit < 32, remainder & (1 << Int32(bit)) != 0 { result = multiply(result, multiplier) }
        }
        if integerBits > 5 {
            let clamp: Int32 = -(1 << Int32(36 - integerBits))
            if a < clamp { result = 0 }
        }
        return a == 0 ? oneQ0 : result
    }

    /// `1 / (1 + x)` for `x` in [0, 1), both with no integer bits: three Newton–Raphson steps.
    static func oneOverOnePlusX(_ a: Int32) -> Int32 {
        let halfDenominator = roundingHalfSum(a, oneQ0)
        let constant48Over17: Int32 = 1_515_870_810      // 2 integer bits
        let constantMinus32Over17: Int32 = -1_010_580_540 // 2 integer bits
        let oneQ2: Int32 = 1 << 29
        var x = constant48Over17 &+ multiply(halfDenominator, constantMinus32Over17)
        for _ in 0..<3 {
            let halfDenominatorTimesX = multiply(halfDenominator, x)
            let oneMinus = oneQ2 &- halfDenominatorTimesX
            x = x &+ rescale(multiply(x, oneMinus), from: 4, to: 2)
        }
        // Halving exactly turns 2 integer bits into 1 with the same raw value.
        return rescale(x, from: 1, to: 0)
    }

    /// TFLite's `GetReciprocal`: `1 / x` for a positive `x` with `integerDigits` integer bits,
    /// returned as a fraction in [0.5, 1] (no integer bits) and the number of bits of `x` above
    /// one, by which the caller shifts.
    static func reciprocal(_ x: Int32, integerDigits: Int) -> (scale: Int32, bitsOverUnit: Int) {
        let headroomPlusOne = UInt32(bitPattern: x).leadingZeroBitCount
        let bitsOverUnit = integerDigits - headroomPlusOne
        let shifted = UInt32(bitPattern: x) << UInt32(headroomPlusOne)
        let shiftedMinusOne = Int32(bitPattern: shifted &- (1 << 31))
        return (oneOverOnePlusX(shiftedMinusOne), bitsOverUnit)
    }

    /// TFLite's `GetInvSqrtQuantizedMultiplierExp` (with `reverse_shift = −1`): `1 / sqrt(input)`
    /// as a multiplier and a left shift, by Newton–Raphson in 3-integer-bit fixed point.
    static func inverseSqrtMultiplier(_ input: Int32) -> QuantizedMultiplier {
        if input <= 1 { return QuantizedMultiplier(multiplier: .max, shift: 0) }
        var value = input
        var shift = 11
        while value >= (1 << 29) {
            value /= 4
            shift += 1
        }
        let maxLeftShiftBits = UInt32(bitPattern: value).leadingZeroBitCount - 1
        let leftShiftBitPairs = maxLeftShiftBits / 2 - 1
        shift -= leftShiftBitPairs
        value <<= Int32(2 * leftShiftBitPairs)
        let fixedInput = value >> 1                         // 3 integer bits
        let halfInput = multiplyByPowerOfTwo(fixedInput, -1)
        let halfThree: Int32 = (1 << 28) + (1 << 27)        // 1.5, 3 integer bits
        var x: Int32 = 1 << 28                              // 1.0, 3 integer bits
        for _ in 0..<5 {
            let x3 = rescale(multiply(multiply(x, x), x), from: 9, to: 3)
            x = rescale(multiply(halfThree, x) &- multiply(halfInput, x3), from: 6, to: 3)
        }
        let halfSqrt2: Int32 = 1_518_500_250                // √2/2, no integer bits
        var raw = multiply(x, halfSqrt2)
        if shift < 0 {
            raw <<= Int32(-shift)
            shift = 0
        }
        return QuantizedMultiplier(multiplier: raw, shift: -shift)
    }

    /// int32 addition and subtraction that saturate instead of wrapping.
    @inline(__always)
    static func saturatingAdd(_ a: Int32, _ b: Int32) -> Int32 { Int32(clamping: Int64(a) + Int64(b)) }

    @inline(__always)
    static func saturatingSubtract(_ a: Int32, _ b: Int32) -> Int32 { Int32(clamping: Int64(a) - Int64(b)) }

    /// TFLite's `log_x_for_x_greater_than_or_equal_to_1`: `ln(x)` for `x ≥ 1` with
    /// `inputIntegerBits`, returned with `outputIntegerBits`. The input is normalised by its
    /// leading zeros (two candidates, with and without a factor √½), the remainder's logarithm
    /// comes from a rational approximation around ⁴√½, and the power of two adds `k·ln 2`.
    static func logOfXAtLeastOne(_ raw: Int32, inputIntegerBits: Int, outputIntegerBits: Int) -> Int32 {
        let accumulationBits = outputIntegerBits + 1
        let log2: Int32 = 1_488_522_236, sqrtSqrtHalf: Int32 = 1_805_811_301, sqrtHalf: Int32 = 1_518_500_250
        let oneQuarter: Int32 = 536_870_912
        let alphaN: Int32 = 117_049_297, alphaD: Int32 = 127_690_142, alphaI: Int32 = 1_057_819_769, alphaF: Int32 = 638_450_708
        let shiftedQuarter = rescale(oneQuarter, from: 0, to: accumulationBits)

        let za = raw
        let zaHeadroomPlusOne = UInt32(bitPattern: za).leadingZeroBitCount
        let raTemporary = multiplyByPowerOfTwo(za, zaHeadroomPlusOne - 1)
        let ra = multiplyByPowerOfTwo(multiply(raTemporary, sqrtHalf), 1)
        let zaPowerAdjusted = saturatingAdd(multiplyByPowerOfTwo(Int32(inputIntegerBits - zaHeadroomPlusOne), 31 - accumulationBits), shiftedQuarter)

        let zb = multiply(za, sqrtHalf)
        let zbHeadroom = UInt32(bitPattern: zb).leadingZeroBitCount - 1
        let rb = multiplyByPowerOfTwo(za, zbHeadroom)
        let zbPowerAdjusted = saturatingSubtract(multiplyByPowerOfTwo(Int32(inputIntegerBits - zbHeadroom), 31 - accumulationBits), shiftedQuarter)

        let r = min(ra, rb)
        let powerAdjusted = max(zaPowerAdjusted, zbPowerAdjusted)
        let p = roundingHalfSum(r, sqrtSqrtHalf)
        var q = r &- sqrtSqrtHalf
        q = q &+ q
        let commonSquare = multiply(q, q)
        let numerator = multiply(q, r) &+ multiply(multiply(q, commonSquare), alphaN)
        let denominatorMinusOne = multiply(p, alphaI &+ q &+ multiply(alphaD, commonSquare)) &+ multiply(alphaF, q)
        let reciprocalDenominator = oneOverOnePlusX(denominatorMinusOne)
        let numeratorScaled = rescale(numerator, from: 0, to: accumulationBits)
        let sum = multiply(powerAdjusted, log2) &+ multiply(numeratorScaled, reciprocalDenominator)
        return rescale(sum, from: accumulationBits, to: outputIntegerBits)
    }
}
