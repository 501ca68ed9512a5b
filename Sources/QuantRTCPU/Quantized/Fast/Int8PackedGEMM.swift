import CQuantRTKernels

/// An int8 GEMM against constant weights `[n][k]` with the per-channel requantization fused into
/// the microkernel: `out[r][j] = requantize(Σk (x[r][k] − zx) · w[j][k] + bias[j])`. Exact:
/// integer sums in int32 and TFLite's fixed-point rounding, so it equals the straightforward
/// kernel bit for bit.
///
/// Rows are gathered through an offset table (`taps` runs of `channels` int8 per row; a negative
/// offset is padding), which covers 1×1 convolutions, k×k convolutions (im2col without the copy)
/// and fully connected layers alike.
final class Int8PackedGEMM {
    let weights: Int8PackedWeights
    let taps: Int, channels: Int
    private let table: Int8RequantTable
    private let scratch: TileScratch
    private let threads: Int

    static let rowsPerTile = 4

    init(weights: UnsafePointer<Int8>, n: Int, taps: Int, channels: Int, requantize: Requantizer, bias: [Int32]?,
         rounding: Int8RequantTable.Rounding = .double, threads: Int) {
        self.weights = Int8PackedWeights(weights: weights, n: n, k: taps * channels)
        self.taps = taps
        self.channels = channels
        table = Int8RequantTable(requantize, bias: bias, channels: n, paddedChannels: self.weights.panels * 16, rounding: rounding)
        self.threads = max(1, threads)
        scratch = TileScratch(kpairs: self.weights.kpairs, threads: self.threads)
    }

    /// Computes `rows` output rows: row r's inputs at `input + offsets[r·taps + t]`.
    func run(rows: Int, input: UnsafePointer<Int8>, offsets: UnsafePointer<Int>, zeroPoint: Int32,
             output: UnsafeMutablePointer<Int8>, pool: CPUThreadPool) {
        let w = weights, n = w.n
        // An int8 multiply-add costs about half a float one: split on half the work.
        let parts = min(threads, pool.parts(forWork: rows * n * w.k / 2))
        pool.run(count: rows, parts: parts, granularity: Self.rowsPerTile) { part, range in
            let a = scratch.buffer(part)
            var row = range.lowerBound
            while row < range.upperBound {
                let count = min(Self.rowsPerTile, range.upperBound - row)
                offsets.withMemoryRebound(to: CLong.self, capacity: (row + count) * taps) { offsets in
                    qrt_qpack_rows_s8(Int32(count), taps, channels, input, offsets + row * taps, zeroPoint, a)
                }
                for panel in 0..<w.panels {
                    qrt_qgemm_s8_tile4x16_avx2(w.kpairs, a, w.panel(panel), table.params, panel * 16,
                                               output + row * n + panel * 16, n, Int32(count), Int32(min(16, n - panel * 16)))
                }
                row += count
            }
        }
    }

    /// The 16x8 variant: int16 activations (zero point 0) and int16 outputs. The caller has
    /// checked that int32 sums cannot overflow (``int16SumsFit(weights:n:k:bias:)``).
    func run(rows: Int, input: UnsafePointer<Int16>, offsets: UnsafePointer<Int>, output: UnsafeMutablePointer<Int16>, pool: CPUThreadPool) {
        let w = weights, n = w.n
        let parts = min(threads, pool.parts(forWork: rows * n * w.k / 2))
        pool.run(count: rows, parts: parts, granularity: Self.rowsPerTile) { part, range in
            let a = scratch.buffer(part)
            var row = range.lowerBound
            while row < range.upperBound {
                let count = min(Self.rowsPerTile, range.upperBound - row)
                offsets.withMemoryRebound(to: CLong.self, capacity: (row + count) * taps) { offsets in
                    qrt_qpack_rows_s16(Int32(count), taps, channels, input, offsets + row * taps, a)
                }
                for panel in 0..<w.panels {
                    qrt_qgemm_s16_tile4x16_avx2(w.kpairs, a, w.panel(panel), table.params, panel * 16,
                                                output + row * n + panel * 16, n, Int32(count), Int32(min(16, n - panel * 16)))
                }
                row += count
            }
        }
    }
}

/// Whether 16x8 sums fit in int32 for every output channel: |x| ≤ 32768, so
/// 32768 · Σk |w[j][k]| + |bias[j]| < 2^31 — then int32 tiles are exact where TFLite sums in int64.
func int16SumsFit(weights: UnsafePointer<Int8>, n: Int, k: Int, bias: [Int64]?) -> Bool {
    for j in 0..<n {
        var magnitude: Int64 = 0
        for d in 0..<k { magnitude += Int64(abs(Int32(weights[j * k + d]))) }
        if magnitude * 32768 + abs(bias?[j] ?? 0) >= Int64(Int32.max) { return false }
    }
    return true
}

/// Whether every multiplier's 64-bit rounding shift (15 − shift) is at most 32, which the int16
/// tiles need.
func reducedShiftsFit(_ requantize: Requantizer) -> Bool {
    requantize.multipliers.allSatisfy { 15 - $0.shift <= 32 && 15 - $0.shift >= 1 }
}
