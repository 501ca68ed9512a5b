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
         singleRounding: Bool = false, threads: Int) {
        self.weights = Int8PackedWeights(weights: weights, n: n, k: taps * channels)
        self.taps = taps
        self.channels = channels
        table = Int8RequantTable(requantize, bias: bias, channels: n, paddedChannels: self.weights.panels * 16, singleRounding: singleRounding)
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
}
