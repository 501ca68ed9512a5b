import CQuantRTKernels

/// A ``Requantizer`` and an int32 bias laid out for the C microkernels: one array per
/// parameter, padded with zeros to `paddedChannels`, owned here and freed with it.
final class Int8RequantTable {
    let bias: UnsafeMutablePointer<Int32>
    let multiplier: UnsafeMutablePointer<Int32>
    let leftShift: UnsafeMutablePointer<Int32>
    let rightShift: UnsafeMutablePointer<Int32>
    /// The struct the microkernels take, pointing at the arrays above.
    let params: UnsafeMutablePointer<qrt_requant_params>
    private let count: Int

    /// `bias[c]` (or 0) and the requantizer's multiplier for channel `c` (a single one repeated).
    /// `singleRounding` selects the single-rounding arithmetic (GEMM tiles only). `permute` reorders each array, e.g. for the depthwise kernel's lane order.
    init(_ requantize: Requantizer, bias: [Int32]?, channels: Int, paddedChannels: Int, singleRounding: Bool = false,
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
        multiplier = array { m($0).multiplier }
        leftShift = array { Int32(max(m($0).shift, 0)) }
        rightShift = array { singleRounding ? Int32(31 - m($0).shift) : Int32(max(-m($0).shift, 0)) }
        params = .allocate(capacity: 1)
        params.initialize(to: qrt_requant_params(bias: self.bias, multiplier: multiplier, left_shift: leftShift, right_shift: rightShift,
                                                 output_zero_point: requantize.outputZeroPoint,
                                                 output_min: requantize.minimum, output_max: requantize.maximum,
                                                 single_rounding: singleRounding ? 1 : 0))
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
