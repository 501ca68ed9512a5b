import CQuantRTKernels
import QuantRTCore

/// The dynamic-range GEMM: float rows × constant int8 weights `[n][k]` (per-channel scales).
/// Each row is quantized on the fly with its own asymmetric scale, multiplied in integers on the
/// int8 tiles, and rescaled to float:
/// `out[r][j] = act(Σk q[r][k]·w[j][k] · rowScale[r] · weightScale[j] + bias[j])`.
final class HybridGEMM {
    let weights: Int8PackedWeights
    let taps: Int, channels: Int
    private let weightScales: [Float]
    private let bias: [Float]
    private let bounds: (lower: Float, upper: Float)
    private let scratch: TileScratch
    /// Per thread: 4 row scales and a 4×16 int32 tile.
    private let tileBuffers: UnsafeMutableRawPointer
    private let threads: Int
    /// Steps over each row's range: the int16 lanes of the tiles hold more than 8 bits at no
    /// cost, so rows get as many steps as the int32 sums allow for their length (|q| ≤ levels,
    /// |w| ≤ 127, k terms: k · levels · 127 < 2^31), from 8 bits (255) up to 11 (2047).
    let levels: Float

    static let rowsPerTile = 4
    private static let tileBytes = 4 * 4 + 64 * 4

    init(weights: UnsafePointer<Int8>, n: Int, taps: Int, channels: Int, weightScales: [Float], bias: [Float]?,
         activation: FusedActivation, threads: Int) throws {
        guard let bounds = activation.floatBounds else {
            throw KernelError.unsupported("dynamic-range kernels with a fused \(activation) activation")
        }
        self.weights = Int8PackedWeights(weights: weights, n: n, k: taps * channels)
        self.taps = taps
        self.channels = channels
        let padded = self.weights.panels * 16
        self.weightScales = (0..<padded).map { $0 < n ? weightScales[$0] : 0 }
        self.bias = (0..<padded).map { $0 < n ? bias?[$0] ?? 0 : 0 }
        self.bounds = bounds
        levels = Float(Swift.max(255, Swift.min(2047, 16_000_000 / Swift.max(1, taps * channels))))
        self.threads = max(1, threads)
        scratch = TileScratch(kpairs: self.weights.kpairs, threads: self.threads)
        tileBuffers = .allocate(byteCount: Self.tileBytes * self.threads, alignment: 64)
    }

    deinit { tileBuffers.deallocate() }

    /// Computes `rows` float output rows of `n` values from the float rows gathered through `offsets`.
    func run(rows: Int, input: UnsafePointer<Float>, offsets: UnsafePointer<Int>, output: UnsafeMutablePointer<Float>, pool: CPUThreadPool) {
        let w = weights, n = w.n
        let parts = min(threads, pool.parts(forWork: rows * n * w.k / 2))
        pool.run(count: rows, parts: parts, granularity: Self.rowsPerTile) { part, range in
            let a = scratch.buffer(part)
            let scales = (tileBuffers + part * Self.tileBytes).assumingMemoryBound(to: Float.self)
            let tile = (tileBuffers + part * Self.tileBytes + 16).assumingMemoryBound(to: Int32.self)
            weightScales.withUnsafeBufferPointer { weightScales in
                bias.withUnsafeBufferPointer { bias in
                    var row = range.lowerBound
                    while row < range.upperBound {
                        let count = min(Self.rowsPerTile, range.upperBound - row)
                        offsets.withMemoryRebound(to: CLong.self, capacity: (row + count) * taps) { offsets in
                            qrt_hybrid_pack_rows_f32(Int32(count), taps, channels, input, offsets + row * taps, levels, a, scales)
                        }
                        for panel in 0..<w.panels {
                            qrt_qgemm_acc_tile4x16_avx2(w.kpairs, a, w.panel(panel), tile)
                            let columns = min(16, n - panel * 16)
                            for r in 0..<count {
                                let out = output + (row + r) * n + panel * 16
                                let rowScale = scales[r]
                                let sums = tile + r * 16
                                for j in 0..<columns {
                                    let c = panel * 16 + j
                                    let value = Float(sums[j]) * rowScale * weightScales[c] + bias[c]
                                    out[j] = Swift.min(Swift.max(value, bounds.lower), bounds.upper)
                                }
                            }
                        }
                        row += count
                    }
                }
            }
        }
    }
}
