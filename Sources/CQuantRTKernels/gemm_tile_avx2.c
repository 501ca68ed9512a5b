#include "CQuantRTKernels.h"

#if defined(__x86_64__) || defined(_M_X64)
#include <immintrin.h>

int qrt_cpu_has_avx2_fma(void) {
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
}

/* Lane j of the mask is set when j < count (count in 0...8). */
__attribute__((target("avx2,fma"), always_inline))
static inline __m256i lanes_below(int count) {
    const __m256i index = _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7);
    return _mm256_cmpgt_epi32(_mm256_set1_epi32(count), index);
}

/* sum + bias, clamped to [lo, hi]; max(lo, x) and min(hi, x) return x when x is NaN, as the
   reference's compares do. */
__attribute__((target("avx2,fma"), always_inline))
static inline __m256 finish(__m256 sum, __m256 bias, __m256 lo, __m256 hi) {
    return _mm256_min_ps(hi, _mm256_max_ps(lo, _mm256_add_ps(sum, bias)));
}

__attribute__((target("avx2,fma"), always_inline))
static inline void store16(float *out, __m256 v0, __m256 v1, int cols) {
    if (cols == 16) {
        _mm256_storeu_ps(out, v0);
        _mm256_storeu_ps(out + 8, v1);
    } else if (cols > 8) {
        _mm256_storeu_ps(out, v0);
        _mm256_maskstore_ps(out + 8, lanes_below(cols - 8), v1);
    } else {
        _mm256_maskstore_ps(out, lanes_below(cols), v0);
    }
}

/* MR rows × one 16-channel panel, or only its first 8 channels when NV is 1 (a last panel with
   8 channels or fewer: half the multiply-adds). MR and NV are compile-time constants once inlined. */
__attribute__((target("avx2,fma"), always_inline))
static inline void tile(const int MR, const int NV, const float *a, long lda, const float *b, long k, const float *bias,
                        float *c, long ldc, int cols, __m256 lo, __m256 hi) {
    __m256 acc0[6], acc1[6];
    for (int r = 0; r < MR; r++) { acc0[r] = _mm256_setzero_ps(); acc1[r] = _mm256_setzero_ps(); }
    for (long d = 0; d < k; d++) {
        const __m256 w0 = _mm256_loadu_ps(b + d * 16);
        const __m256 w1 = NV == 2 ? _mm256_loadu_ps(b + d * 16 + 8) : w0;
        for (int r = 0; r < MR; r++) {
            const __m256 x = _mm256_broadcast_ss(a + r * lda + d);
            acc0[r] = _mm256_fmadd_ps(x, w0, acc0[r]);
            if (NV == 2) acc1[r] = _mm256_fmadd_ps(x, w1, acc1[r]);
        }
    }
    const __m256 bias0 = _mm256_loadu_ps(bias), bias1 = _mm256_loadu_ps(bias + 8);
    for (int r = 0; r < MR; r++)
        store16(c + r * ldc, finish(acc0[r], bias0, lo, hi), finish(acc1[r], bias1, lo, hi), cols);
}

/* One row × one panel: with two accumulators each add would wait on the last, so k is split
   four ways (8 independent chains) and summed at the end. */
__attribute__((target("avx2,fma"), always_inline))
static inline void tile_row(const float *a, const float *b, long k, const float *bias, float *c, int cols,
                            __m256 lo, __m256 hi) {
    __m256 s0[4], s1[4];
    for (int u = 0; u < 4; u++) { s0[u] = _mm256_setzero_ps(); s1[u] = _mm256_setzero_ps(); }
    long d = 0;
    for (; d + 4 <= k; d += 4) {
        for (int u = 0; u < 4; u++) {
            const __m256 x = _mm256_broadcast_ss(a + d + u);
            s0[u] = _mm256_fmadd_ps(x, _mm256_loadu_ps(b + (d + u) * 16), s0[u]);
            s1[u] = _mm256_fmadd_ps(x, _mm256_loadu_ps(b + (d + u) * 16 + 8), s1[u]);
        }
    }
    for (; d < k; d++) {
        const __m256 x = _mm256_broadcast_ss(a + d);
        s0[0] = _mm256_fmadd_ps(x, _mm256_loadu_ps(b + d * 16), s0[0]);
        s1[0] = _mm256_fmadd_ps(x, _mm256_loadu_ps(b + d * 16 + 8), s1[0]);
    }
    const __m256 v0 = _mm256_add_ps(_mm256_add_ps(s0[0], s0[1]), _mm256_add_ps(s0[2], s0[3]));
    const __m256 v1 = _mm256_add_ps(_mm256_add_ps(s1[0], s1[1]), _mm256_add_ps(s1[2], s1[3]));
    store16(c, finish(v0, _mm256_loadu_ps(bias), lo, hi), finish(v1, _mm256_loadu_ps(bias + 8), lo, hi), cols);
}

__attribute__((target("avx2,fma")))
void qrt_sgemm_avx2(const float *a, long lda, long rows, const float *packed, long k, const float *bias,
                    float *c, long ldc, long n, long panel_begin, long panel_end, float lower, float upper) {
    const __m256 lo = _mm256_set1_ps(lower), hi = _mm256_set1_ps(upper);
    /* Panels go in blocks of about 128 KiB so they stay in L2 while every row tile passes. */
    long per_block = (32 * 1024) / (k * 16 > 0 ? k * 16 : 1);
    if (per_block < 1) per_block = 1;
    for (long first = panel_begin; first < panel_end; first += per_block) {
        const long end = first + per_block < panel_end ? first + per_block : panel_end;
        for (long row = 0; row < rows; row += 6) {
            const long left = rows - row;
            const float *ar = a + row * lda;
            float *cr = c + row * ldc;
            for (long panel = first; panel < end; panel++) {
                const float *b = packed + panel * k * 16;
                const float *pb = bias + panel * 16;
                float *out = cr + panel * 16;
                const long remaining = n - panel * 16;
                const int cols = remaining < 16 ? (int)remaining : 16;
                const long mr = left >= 6 ? 6 : left;
                if (cols > 8) {
                    switch (mr) {
                    case 6: tile(6, 2, ar, lda, b, k, pb, out, ldc, cols, lo, hi); break;
                    case 5: tile(5, 2, ar, lda, b, k, pb, out, ldc, cols, lo, hi); break;
                    case 4: tile(4, 2, ar, lda, b, k, pb, out, ldc, cols, lo, hi); break;
                    case 3: tile(3, 2, ar, lda, b, k, pb, out, ldc, cols, lo, hi); break;
                    case 2: tile(2, 2, ar, lda, b, k, pb, out, ldc, cols, lo, hi); break;
                    default: tile_row(ar, b, k, pb, out, cols, lo, hi); break;
                    }
                } else {
                    switch (mr) {
                    case 6: tile(6, 1, ar, lda, b, k, pb, out, ldc, cols, lo, hi); break;
                    case 5: tile(5, 1, ar, lda, b, k, pb, out, ldc, cols, lo, hi); break;
                    case 4: tile(4, 1, ar, lda, b, k, pb, out, ldc, cols, lo, hi); break;
                    case 3: tile(3, 1, ar, lda, b, k, pb, out, ldc, cols, lo, hi); break;
                    case 2: tile(2, 1, ar, lda, b, k, pb, out, ldc, cols, lo, hi); break;
                    default: tile_row(ar, b, k, pb, out, cols, lo, hi); break;
                    }
                }
            }
        }
    }
}

#else

int qrt_cpu_has_avx2_fma(void) { return 0; }

void qrt_sgemm_avx2(const float *a, long lda, long rows, const float *packed, long k, const float *bias,
                    float *c, long ldc, long n, long panel_begin, long panel_end, float lower, float upper) {
    (void)a; (void)lda; (void)rows; (void)packed; (void)k; (void)bias; (void)c; (void)ldc; (void)n;
    (void)panel_begin; (void)panel_end; (void)lower; (void)upper;
}

#endif
