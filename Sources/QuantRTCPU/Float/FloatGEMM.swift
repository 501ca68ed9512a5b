import CQuantRTKernels
import QuantRTCore

/// `C[m, n] = activation(Σk A[m, k] · B[n, k] + bias[n])` in float32, with `B` (the weights) packed
/// once at prepare into panels of ``nr`` output channels, each `[k][lane]` so one k step of a panel
/// is two contiguous vector loads. Lanes past the last channel are zero, so edge panels compute like
/// full ones and only their stores are trimmed. `A` is read in place (row stride `lda`); `C` is
/// dense with row stride `n`.
final class PackedGEMM {
    /// Half a panel: the portable tiles take a panel in two halves.
    typealias Vector = SIMD8<Float>
    /// Output channels per panel: two vectors. The AVX2 tile keeps 6 rows × 16 channels in 12 of
    /// the 16 registers, so each row's broadcast feeds two multiply-adds and each weight load six.
    static let nr = 2 * Vector.scalarCount
    /// Rows per register tile.
    static let mr = 6
    /// Floats of packed weights the driver walks per row block, so they stay in L2 while all rows pass.
    static let panelBlockFloats = 32 * 1024

    let n: Int, k: Int
    let panels: Int
    /// `[panel][k][lane]`.
    let packed: UnsafeMutablePointer<Float>
    /// One value per channel rounded up to whole panels; zeros when there is no bias.
    let bias: UnsafeMutablePointer<Float>
    let epilogue: GEMMEpilogue

    /// `weights` is `[n][k]` row-major (FULLY_CONNECTED weights, or an OHWI filter flattened over HWI).
    init(weights: [Float], bias biasValues: [Float]?, n: Int, k: Int, activation: FusedActivation) {
        precondition(weights.count == n * k && (biasValues?.count ?? n) == n, "weights/bias do not match n × k")
        (self.n, self.k) = (n, k)
        let nr = Self.nr
        panels = (n + nr - 1) / nr
        packed = .allocate(capacity: Swift.max(1, panels * k * nr))
        packed.initialize(repeating: 0, count: Swift.max(1, panels * k * nr))
        for channel in 0..<n {
            let panel = packed + (channel / nr) * k * nr + channel % nr
            for depth in 0..<k { panel[depth * nr] = weights[channel * k + depth] }
        }
        bias = .allocate(capacity: panels * nr + 1)
        bias.initialize(repeating: 0, count: panels * nr + 1)
        if let biasValues { bias.update(from: biasValues, count: n) }
        epilogue = GEMMEpilogue(activation)
    }

    /// A GEMM whose `B` changes every run (BATCH_MATMUL): panels allocated once, filled by
    /// ``pack(_:channelStride:depthStride:)`` before each multiply; no bias.
    init(n: Int, k: Int, activation: FusedActivation) {
        (self.n, self.k) = (n, k)
        let nr = Self.nr
        panels = (n + nr - 1) / nr
        packed = .allocate(capacity: Swift.max(1, panels * k * nr))
        packed.initialize(repeating: 0, count: Swift.max(1, panels * k * nr))
        bias = .allocate(capacity: panels * nr + 1)
        bias.initialize(repeating: 0, count: panels * nr + 1)
        epilogue = GEMMEpilogue(activation)
    }

    /// Fills the panels from `source`, where `B[n][k]` is `source[n·channelStride + k·depthStride]`.
    /// Lanes past the last channel stay zero from allocation.
    func pack(_ source: UnsafePointer<Float>, channelStride: Int, depthStride: Int) {
        let nr = Self.nr
        for channel in 0..<n {
            let panel = packed + (channel / nr) * k * nr + channel % nr
            let row = source + channel * channelStride
            for depth in 0..<k { panel[depth * nr] = row[depth * depthStride] }
        }
    }

    deinit {
        packed.deallocate()
        bias.deallocate()
    }

    /// Computes `rows` rows of `C` (only the output channels of `panelRange`, default all).
    /// Panels go in blocks that fit L2, rows in ``mr``-row tiles inside.
    func multiply(_ a: UnsafePointer<Float>, lda: Int, rows: Int, _ c: UnsafeMutablePointer<Float>, panelRange: Range<Int>? = nil) {
        let range = panelRange ?? 0..<panels
        guard rows > 0, !range.isEmpty else { return }
        if Self.useAVX2 {
            qrt_sgemm_avx2(a, lda, rows, packed, k, bias, c, n, n, range.lowerBound, range.upperBound,
                           epilogue.lower[0], epilogue.upper[0])
            if let scalar = epilogue.scalar {
                let columns = range.lowerBound * Self.nr..<Swift.min(n, range.upperBound * Self.nr)
                for row in 0..<rows {
                    for column in columns { c[row * n + column] = scalar.apply(c[row * n + column]) }
                }
            }
        } else {
            multiplyPortably(a, lda: lda, rows: rows, c, panelRange: range)
        }
    }

    /// The Swift tiles: each panel in two halves of one vector.
    private func multiplyPortably(_ a: UnsafePointer<Float>, lda: Int, rows: Int, _ c: UnsafeMutablePointer<Float>, panelRange range: Range<Int>) {
        let nr = Self.nr, mr = Self.mr, half = Vector.scalarCount
        let panelsPerBlock = Swift.max(1, Self.panelBlockFloats / Swift.max(1, k * nr))
        var firstPanel = range.lowerBound
        while firstPanel < range.upperBound {
            let endPanel = Swift.min(range.upperBound, firstPanel + panelsPerBlock)
            var row = 0
            while row < rows {
                let tileRows = Swift.min(mr, rows - row)
                let aRow = a + row * lda, cRow = c + row * n
                for panel in firstPanel..<endPanel {
                    for part in 0..<2 {
                        let firstColumn = panel * nr + part * half
                        let columns = Swift.min(half, n - firstColumn)
                        guard columns > 0 else { break }
                        let b = UnsafePointer(packed + panel * k * nr + part * half)
                        let biasVector = UnsafeRawPointer(bias + firstColumn).loadUnaligned(as: Vector.self)
                        let out = cRow + firstColumn
                        // Four or more rows: one tile, the missing rows recomputing the last (≤ 1/3 waste).
                        // Fewer: one row at a time, which keeps every row's weights read once per row.
                        if tileRows >= 4 {
                            Self.tile6(aRow, lda: lda, rows: tileRows, b, k: k, out, ldc: n, columns: columns, bias: biasVector, epilogue)
                        } else {
                            for r in 0..<tileRows {
                                Self.tile1(aRow + r * lda, b, k: k, out + r * n, columns: columns, bias: biasVector, epilogue)
                            }
                        }
                    }
                }
                row += tileRows
            }
            firstPanel = endPanel
        }
    }
}

/// The fused bias-and-activation step applied as each tile is stored.
struct GEMMEpilogue {
    /// Clamp bounds; ±infinity for activations that are not clamps, which keeps the store branchless
    /// (NaN compares false, so it passes through as in the reference).
    let lower: PackedGEMM.Vector, upper: PackedGEMM.Vector
    /// `tanh`/`signBit`: applied per value after the store.
    let scalar: FusedActivation?

    init(_ activation: FusedActivation) {
        let bounds = activation.floatBounds ?? (-.infinity, .infinity)
        (lower, upper) = (.init(repeating: bounds.lower), .init(repeating: bounds.upper))
        scalar = activation.floatBounds == nil ? activation : nil
    }

    /// Adds the bias after the sum (as the reference does), clamps and stores a full panel's lanes;
    /// partial panels and scalar activations take ``storeSlowly(_:_:columns:)``. Kept this small so
    /// it inlines into the tiles: a call per store cost as much as the whole k loop when k is 16.
    @inline(__always)
    func store(_ sum: PackedGEMM.Vector, bias: PackedGEMM.Vector, _ out: UnsafeMutablePointer<Float>, columns: Int) {
        var value = sum + bias
        // Not pointwiseMin/Max: the stdlib's are emitted as calls; masked replaces lower to maxps/minps.
        value.replace(with: lower, where: value .< lower)
        value.replace(with: upper, where: value .> upper)
        if columns == PackedGEMM.Vector.scalarCount && scalar == nil {
            UnsafeMutableRawPointer(out).storeBytes(of: value, as: PackedGEMM.Vector.self)
        } else {
            storeSlowly(value, out, columns: columns)
        }
    }

    @inline(never)
    func storeSlowly(_ value: PackedGEMM.Vector, _ out: UnsafeMutablePointer<Float>, columns: Int) {
        if let scalar {
            for lane in 0..<columns { out[lane] = scalar.apply(value[lane]) }
        } else {
            for lane in 0..<columns { out[lane] = value[lane] }
        }
    }
}
