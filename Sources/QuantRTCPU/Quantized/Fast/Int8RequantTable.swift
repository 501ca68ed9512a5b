import CQuantRTKernels

/// A ``Requantizer`` and an int32 bias laid out for the C microkernels: one array per
/// parameter, padded with zeros to `paddedChannels`, owned here and freed with it.
final class Int8RequantTable {
    /// How the microkernels round.
    enum Rounding {
        /// gemmlowp's double rounding (TFLite's default 32-bit rule).
        case double
        /// One rounding, half up (LiteRT's per-channel FULLY_CONNECTED).
        case single
        /// TFLite's 64-bit rule with a 16-bit multiplier (16x8 convolutions).
        case reduced
    }

    let bias: UnsafeMutablePointer<Int32>
    let multiplier: UnsafeMutablePointer<Int32>
    let leftShift: UnsafeMutablePointer<Int32>
    let rightShift: UnsafeMutablePointer<Int32>
    /// The struct the microkernels take, pointing at the arrays above.
    let params: UnsafeMutablePointer<qrt_requant_params>
    private let count: Int

    /// `bias[c]` (or 0) and the requantizer's multiplier for channel `c` (a single one repeated).
    /// `rounding` selects the arithmetic (`.single` for the GEMM tiles only). `permute` reorders each array, e.g. for the depthwise kernel's lane order.
    init(_ requantize: Requantizer, bias: [Int32]?, channels: Int, paddedChannels: Int, rounding: Rounding = .double,
         permute: ((UnsafePointer<Int32>, UnsafeMutablePointer<Int32>) -> Void)? = nil) {
        count = paddedChannels
        func array(_ value: (Int) -> Int32) -> UnsafeMutablePointer<Int32> {
            let natural = UnsafeMutablePointer<Int32>.allocate(capacity: paddedChannels)
            for c in 0..<paddedChannels { natural[c] = c < channels ? value(c) : 0 }
            guard let permute else { return natural }
            let permuted = UnsafeMutablePointer<Int32>.allocate(capacity: paddedChannels)
            permute(natural, permuted)
            natural.deallocate()
            return permuted
        }
        let m = { (c: Int) in requantize.multipliers[requantize.multipliers.count == 1 ? 0 : c] }
        self.bias = array { bias?[$0] ?? 0 }
        multiplier = array {
            let value = m($0).multiplier
            guard rounding == .reduced else { return value }
            return value < 0x7FFF_0000 ? (value + (1 << 15)) >> 16 : 0x7FFF
        }
        leftShift = array { Int32(max(m($0).shift, 0)) }
        rightShift = array {
            switch rounding {
            case .double: Int32(max(-m($0).shift, 0))
            case .single: Int32(31 - m($0).shift)
            case .reduced: Int32(15 - m($0).shift)
            }
        }
        params = .allocate(capacity: 1)
        params.initialize(to: qrt_requant_params(bias: self.bias, multiplier: multiplier, left_shift: leftShift, right_shift: rightShift,
                                                 output_zero_point: requantize.outputZeroPoint,
                                                 output_min: requantize.minimum, output_max: requantize.maximum,
                                                 single_rounding: rounding == .double ? 0 : rounding == .single ? 1 : 2))
    }

    deinit {
        [bias, multiplier, leftShift, rightShift].forEach { $0.deallocate() }
        params.deallocate()
    }
}

/// Whether the int8 microkernels can run here (AVX2, and not disabled with QUANTRT_DISABLE_AVX2).
let int8MicrokernelsAvailable: Bool = qrt_cpu_has_avx2() != 0 && getenv("QUANTRT_DISABLE_AVX2") == nil

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
