#if canImport(Glibc)
import Glibc
#endif
import CQuantRTKernels

/// The register tiles of ``PackedGEMM``: all the arithmetic of convolution and fully connected.
extension PackedGEMM {
    /// Whether the AVX2+FMA GEMM (`qrt_sgemm_avx2`) can run here. Swift on the baseline x86-64
    /// target emits SSE2 only (SIMD8 becomes two 4-wide multiplies and adds); the C kernel does
    /// 8-wide fused multiply-adds in 6×16 tiles with the epilogue fused. Measured: see the README.
    static let useAVX2 = qrt_cpu_has_avx2_fma() != 0 && getenv("QUANTRT_DISABLE_AVX2") == nil

    /// Up to 6 rows × half a panel (`b` steps ``nr`` floats per k). Rows past `rows` read the last real row and are not stored, so the
    /// loop has no branches. Each output sums over k in order, one broadcast-multiply-add per step.
    @inline(__always)
    static func tile6(_ a: UnsafePointer<Float>, lda: Int, rows: Int, _ b: UnsafePointer<Float>, k: Int,
                      _ out: UnsafeMutablePointer<Float>, ldc: Int, columns: Int, bias: Vector, _ epilogue: GEMMEpilogue) {
        let a0 = a, a1 = a + Swift.min(1, rows - 1) * lda, a2 = a + Swift.min(2, rows - 1) * lda
        let a3 = a + Swift.min(3, rows - 1) * lda, a4 = a + Swift.min(4, rows - 1) * lda, a5 = a + Swift.min(5, rows - 1) * lda
        var c0 = Vector(), c1 = Vector(), c2 = Vector(), c3 = Vector(), c4 = Vector(), c5 = Vector()
        var w = UnsafeRawPointer(b)
        let stride = nr * MemoryLayout<Float>.stride  // a whole panel per k step
        for depth in 0..<k {
            let weights = w.loadUnaligned(as: Vector.self)
            c0 += Vector(repeating: a0[depth]) * weights
            c1 += Vector(repeating: a1[depth]) * weights
            c2 += Vector(repeating: a2[depth]) * weights
            c3 += Vector(repeating: a3[depth]) * weights
            c4 += Vector(repeating: a4[depth]) * weights
            c5 += Vector(repeating: a5[depth]) * weights
            w += stride
        }
        epilogue.store(c0, bias: bias, out, columns: columns)
        if rows > 1 { epilogue.store(c1, bias: bias, out + ldc, columns: columns) }
        if rows > 2 { epilogue.store(c2, bias: bias, out + 2 * ldc, columns: columns) }
        if rows > 3 { epilogue.store(c3, bias: bias, out + 3 * ldc, columns: columns) }
        if rows > 4 { epilogue.store(c4, bias: bias, out + 4 * ldc, columns: columns) }
        if rows > 5 { epilogue.store(c5, bias: bias, out + 5 * ldc, columns: columns) }
    }

    /// One row × half a panel (fully connected at batch 1, tile remainders). A single accumulator would
    /// wait on the add latency every step, so four take k in turn and are summed at the end.
    @inline(__always)
    static func tile1(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, k: Int,
                      _ out: UnsafeMutablePointer<Float>, columns: Int, bias: Vector, _ epilogue: GEMMEpilogue) {
        var c0 = Vector(), c1 = Vector(), c2 = Vector(), c3 = Vector()
        let w = UnsafeRawPointer(b)
        let stride = nr * MemoryLayout<Float>.stride  // a whole panel per k step
        var depth = 0
        while depth + 4 <= k {
            let p = w + depth * stride
            c0 += Vector(repeating: a[depth]) * p.loadUnaligned(as: Vector.self)
            c1 += Vector(repeating: a[depth + 1]) * p.loadUnaligned(fromByteOffset: stride, as: Vector.self)
            c2 += Vector(repeating: a[depth + 2]) * p.loadUnaligned(fromByteOffset: 2 * stride, as: Vector.self)
            c3 += Vector(repeating: a[depth + 3]) * p.loadUnaligned(fromByteOffset: 3 * stride, as: Vector.self)
            depth += 4
        }
        while depth < k {
            c0 += Vector(repeating: a[depth]) * w.loadUnaligned(fromByteOffset: depth * stride, as: Vector.self)
            depth += 1
        }
        epilogue.store((c0 + c1) + (c2 + c3), bias: bias, out, columns: columns)
    }
}
