/// Constant int8 weights `[n][k]` (row-major, k fastest) packed once for the int8 GEMM tiles:
/// int16 pairs in panels of 16 output channels, `[panel][kpairs][16][2]`, zero-padded.
final class Int8PackedWeights {
    let n: Int, k: Int, kpairs: Int, panels: Int
    let packed: UnsafeMutablePointer<Int16>

    static let columnsPerPanel = 16

    init(weights: UnsafePointer<Int8>, n: Int, k: Int) {
        self.n = n
        self.k = k
        kpairs = (k + 1) / 2
        panels = (n + Self.columnsPerPanel - 1) / Self.columnsPerPanel
        packed = .allocate(capacity: max(1, panels * kpairs * 32))
        for panel in 0..<panels {
            for pair in 0..<kpairs {
                let destination = packed + (panel * kpairs + pair) * 32
                for j in 0..<16 {
                    let column = panel * 16 + j
                    for e in 0..<2 {
                        let d = pair * 2 + e
                        destination[j * 2 + e] = column < n && d < k ? Int16(weights[column * k + d]) : 0
                    }
                }
            }
        }
    }

    deinit { packed.deallocate() }

    /// The start of panel `panel`.
    func panel(_ panel: Int) -> UnsafePointer<Int16> { UnsafePointer(packed + panel * kpairs * 32) }

    /// Bytes held.
    var byteCount: Int { panels * kpairs * 32 * 2 }
}

/// Per-thread buffers for packed left-operand tiles (4 rows plus as much scratch).
final class TileScratch {
    let stride: Int
    let base: UnsafeMutablePointer<Int16>

    init(kpairs: Int, threads: Int) {
        stride = max(16, kpairs * 16)
        base = .allocate(capacity: stride * max(1, threads))
    }

    deinit { base.deallocate() }

    func buffer(_ part: Int) -> UnsafeMutablePointer<Int16> { base + part * stride }
}
