#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// TFLite's int16 LOGISTIC and TANH (`reference_integer_ops::Logistic`/`Tanh`): the input is
/// brought to a scale where ±2^17 spans ±10.7 (a power-of-two shift or a multiplier computed at
/// prepare), and sigmoid is read from a 256-entry table of `sigmoid(i/24)` in unsigned Q0.16,
/// linearly interpolated; tanh uses `tanh(x) = 2·sigmoid(2x) − 1`. Output is Q0.15.
struct Int16SigmoidTanh {
    let isTanh: Bool
    let multiplier: Int32, leftShift: Int32

    /// Prepares for an input scale (TFLite's `SigmoidPrepare`/`TanhPrepare`): a power-of-two scale
    /// that lines up exactly uses `3 << shift`, any other scale an integer multiplier of about
    /// 2^14 and a right shift.
    init(inputScale: Float, isTanh: Bool) {
        self.isTanh = isTanh
        let inputIntegerBits = 3
        var isPowerOfTwo = false
        var shift = 0
        let log2Scale = log2(Double(inputScale))
        let rounded = log2Scale.rounded()
        if abs(log2Scale - rounded) < 1e-3 {
            shift = (15 - inputIntegerBits) + Int(rounded)
            isPowerOfTwo = isTanh ? (shift == 0 || shift == 1) : shift == 0
        }
        if isPowerOfTwo {
            multiplier = 3 << Int32(shift)
            leftShift = 0
        } else {
            var real = Double(inputScale) * 4096.0 * 3.0
            var count: Int32 = 0
            while real <= 32767.0 / 2.0 && count <= 30 {
                count += 1
                real *= 2
            }
            multiplier = Int32(min(real, Double(Int32.max)))
            leftShift = count
        }
    }

    @inline(__always)
    func callAsFunction(_ q: Int32) -> Int32 {
        let round: Int32 = leftShift > 0 ? 1 << (leftShift - 1) : 0
        let value = (q &* multiplier &+ round) >> leftShift
        let magnitude = UInt32(value.magnitude)
        if isTanh {
            let high = magnitude >> 8
            var result: Int32
            if high >= 255 {
                result = 0xFFFF << 8
            } else {
                let a = UInt32(Self.table[Int(high)]), b = UInt32(Self.table[Int(high) + 1])
                result = Int32(bitPattern: (a << 8) &+ (magnitude & 0xFF) &* (b &- a))
            }
            result = value >= 0 ? result - (1 << 23) + (1 << 7) : -result + (1 << 23) + (1 << 7) - 1
            return Int32(Int16(truncatingIfNeeded: result >> 8))
        }
        let high = magnitude >> 9
        var result: UInt32
        if high >= 255 {
            result = 0x7FFF << 10
        } else {
            let a = UInt32(Self.table[Int(high)]), b = UInt32(Self.table[Int(high) + 1])
            result = (a << 9) &+ (magnitude & 0x1FF) &* (b &- a)
        }
        result = value >= 0 ? result &+ (1 << 9) : (1 << 25) &- result &+ (1 << 9) &- 1
        return Int32(Int16(truncatingIfNeeded: result >> 10))
    }

    /// `sigmoid(i/24)` in unsigned Q0.16 (TFLite's `sigmoid_table_uint16`).
    static let table: [UInt16] = [
        32768, 33451, 34133, 34813, 35493, 36169, 36843, 37513, 38180, 38841, 39498, 40149, 40794, 41432, 42064, 42688,
        43304, 43912, 44511, 45102, 45683, 46255, 46817, 47369, 47911, 48443, 48964, 49475, 49975, 50464, 50942, 51409,
        51865, 52311, 52745, 53169, 53581, 53983, 54374, 54755, 55125, 55485, 55834, 56174, 56503, 56823, 57133, 57433,
        57724, 58007, 58280, 58544, 58800, 59048, 59288, 59519, 59743, 59959, 60168, 60370, 60565, 60753, 60935, 61110,
        61279, 61441, 61599, 61750, 61896, 62036, 62172, 62302, 62428, 62549, 62666, 62778, 62886, 62990, 63090, 63186,
        63279, 63368, 63454, 63536, 63615, 63691, 63765, 63835, 63903, 63968, 64030, 64090, 64148, 64204, 64257, 64308,
        64357, 64405, 64450, 64494, 64536, 64576, 64614, 64652, 64687, 64721, 64754, 64786, 64816, 64845, 64873, 64900,
        64926, 64950, 64974, 64997, 65019, 65039, 65060, 65079, 65097, 65115, 65132, 65149, 65164, 65179, 65194, 65208,
        65221, 65234, 65246, 65258, 65269, 65280, 65291, 65301, 65310, 65319, 65328, 65337, 65345, 65352, 65360, 65367,
        65374, 65381, 65387, 65393, 65399, 65404, 65410, 65415, 65420, 65425, 65429, 65433, 65438, 65442, 65445, 65449,
        65453, 65456, 65459, 65462, 65465, 65468, 65471, 65474, 65476, 65479, 65481, 65483, 65485, 65488, 65489, 65491,
        65493, 65495, 65497, 65498, 65500, 65501, 65503, 65504, 65505, 65507, 65508, 65509, 65510, 65511, 65512, 65513,
        65514, 65515, 65516, 65517, 65517, 65518, 65519, 65520, 65520, 65521, 65522, 65522, 65523, 65523, 65524, 65524,
        65525, 65525, 65526, 65526, 65526, 65527, 65527, 65528, 65528, 65528, 65529, 65529, 65529, 65529, 65530, 65530,
        65530, 65530, 65531, 65531, 65531, 65531, 65531, 65532, 65532, 65532, 65532, 65532, 65532, 65533, 65533, 65533,
        65533, 65533, 65533, 65533, 65533, 65534, 65534, 65534, 65534, 65534, 65534, 65534, 65534, 65534, 65534, 65535,
    ]
}
