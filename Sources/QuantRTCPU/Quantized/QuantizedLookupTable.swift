#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import QuantRTCore

/// A table of a real function on quantized values, built like TFLite's `LUTPopulate`:
/// 8-bit inputs get one entry per value; int16 inputs get 513 samples over the input range,
/// each nudged by half the midpoint interpolation error, and are linearly interpolated on the
/// low 7 bits (`LUTLookup`). Symmetric int16 tables ignore zero points in the output scaling,
/// as TFLite does.
struct QuantizedLookupTable {
    /// 256 entries (8-bit, indexed by `value − minimum`) or 513 (int16).
    let entries: [Int32]
    let isInt16: Bool
    private let minimum: Int32

    /// An 8-bit table (`type` int8 or uint8): each input dequantized in float, transformed,
    /// divided by the output scale (multiplied by its float inverse), rounded, offset, clamped.
    init(int8Like type: DType, input: AffineParameters, output: AffineParameters, _ transform: (Float) -> Float) {
        let (low, high) = type.quantizedRange ?? (-128, 127)
        let inverseScale = 1 / output.scale
        var table: [Int32] = []
        table.reserveCapacity(256)
        for value in low...high {
            let dequantized = input.scale * Float(value - input.zeroPoint)
            let rescaled = (transform(dequantized) * inverseScale).rounded(.toNearestOrAwayFromZero)
            let quantized = rescaled.isNaN ? output.zeroPoint : Int32(clamping: Int64(max(min(rescaled, 0x1p40), -0x1p40))) &+ output.zeroPoint
            table.append(max(min(quantized, high), low))
        }
        entries = table
        isInt16 = false
        minimum = low
    }

    /// An int16 table sampled in `F` (Float for most ops, Double where TFLite keeps the legacy
    /// double tables, e.g. int16 SOFTMAX).
    init<F: BinaryFloatingPoint>(int16InputScale inputScale: F, inputZeroPoint: Int32, outputScale: F, outputZeroPoint: Int32,
                                 _ transform: (F) -> F) {
        let inputMin = inputScale * F(-32768 - inputZeroPoint)
        let inputMax = inputScale * F(32767 - inputZeroPoint)
        let outputMin = outputScale * F(-32768 - outputZeroPoint)
        let outputMax = outputScale * F(32767 - outputZeroPoint)
        let steps = 512
        let step = (inputMax - inputMin) / F(steps)
        let halfStep = step / 2
        let outputScalingInverse = F(65536) / (outputMax - outputMin)
        let round = { (x: F) -> F in x.rounded(.toNearestOrAwayFromZero) }
        let clampToTable = { (x: F) -> Int32 in x.isNaN ? 0 : Int32(max(min(x, 32767), -32768)) }
        var table: [Int32] = []
        table.reserveCapacity(steps + 1)
        for i in 0..<steps {
            let value = transform(inputMin + F(i) * step)
            let midpoint = transform(inputMin + F(i) * step + halfStep)
            let next = transform(inputMin + F(i + 1) * step)
            let sample = round(value * outputScalingInverse)
            let midpointInterpolated = round((next * outputScalingInverse + round(value * outputScalingInverse)) / 2)
            let midpointSample = round(midpoint * outputScalingInverse)
            let bias = round((midpointInterpolated - midpointSample) / 2)
            table.append(clampToTable(sample - bias))
        }
        table.append(clampToTable(round(transform(inputMax) * outputScalingInverse)))
        entries = table
        isInt16 = true
        minimum = -32768
    }

    /// The table's value for an 8-bit input.
    @inline(__always)
    func lookup8(_ value: Int32) -> Int32 { entries[Int(value - minimum)] }

    /// The interpolated value for an int16 input: the high 9 bits pick the segment, the low 7
    /// bits interpolate its slope, rounding half up.
    @inline(__always)
    func lookup16(_ value: Int32) -> Int32 {
        let index = Int(256 + (value >> 7))
        let offset = value & 0x7F
        let base = entries[index]
        let slope = Int32(Int16(truncatingIfNeeded: entries[index + 1] &- base))
        let delta = (slope &* offset &+ 64) >> 7
        return Int32(Int16(truncatingIfNeeded: base &+ delta))
    }

    @inline(__always)
    func callAsFunction(_ value: Int32) -> Int32 { isInt16 ? lookup16(value) : lookup8(value) }
}
