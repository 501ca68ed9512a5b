/// The one requantization step every integer kernel ends with: scale an int32 (int8 kernels)
/// or int64 (16x8 kernels) accumulator by a per-channel ``QuantizedMultiplier``, add the output
/// zero point, clamp to the fused activation's quantized range.
struct Requantizer {
    /// One multiplier per output channel (a single one for per-tensor scaling).
    let multipliers: [QuantizedMultiplier]
    let outputZeroPoint: Int32
    let minimum: Int32, maximum: Int32

    /// Multipliers for `accumulator scale / output scale` per channel.
    init(realMultipliers: [Double], outputZeroPoint: Int32, range: (Int32, Int32)) {
        multipliers = realMultipliers.map(QuantizedMultiplier.init)
        self.outputZeroPoint = outputZeroPoint
        (minimum, maximum) = range
    }

    @inline(__always)
    func callAsFunction(_ accumulator: Int32, channel: Int) -> Int32 {
        clamp(multipliers[channel].apply(accumulator) &+ outputZeroPoint)
    }

    @inline(__always)
    func callAsFunction(_ accumulator: Int64, channel: Int) -> Int32 {
        clamp(multipliers[channel].apply(accumulator) &+ outputZeroPoint)
    }

    /// With a single rounding (see ``QuantizedMultiplier/applySingleRounding(_:)``).
    @inline(__always)
    func singleRounding(_ accumulator: Int32, channel: Int) -> Int32 {
        clamp(multipliers[channel].applySingleRounding(accumulator) &+ outputZeroPoint)
    }

    @inline(__always)
    func clamp(_ value: Int32) -> Int32 { Swift.min(Swift.max(value, minimum), maximum) }
}
