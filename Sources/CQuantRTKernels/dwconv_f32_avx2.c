#include "CQuantRTKernels.h"

#if defined(__x86_64__) || defined(_M_X64)
#include <immintrin.h>

/* Lane j of the mask is set when j < count (count in 0...8). */
__attribute__((target("avx2,fma"), always_inline))
static inline __m256i dw_lanes_below(long count) {
    const __m256i index = _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7);
    return _mm256_cmpgt_epi32(_mm256_set1_epi32((int)count), index);
}

/* A block's input load: whole when TAIL is 0, else only the lanes of `mask`. */
#define DW_LOAD(p) (TAIL ? _mm256_maskload_ps((p), mask) : _mm256_loadu_ps(p))

__attribute__((target("avx2,fma"), always_inline))
static inline void dw_store(const int TAIL, float *p, __m256 sum, __m256i mask, __m256 lo, __m256 hi) {
    const __m256 v = _mm256_min_ps(hi, _mm256_max_ps(lo, sum));
    if (TAIL) _mm256_maskstore_ps(p, mask, v); else _mm256_storeu_ps(p, v);
}

/* The taps along one axis whose coordinate origin + t·dilation lies in 0..<size. */
static inline void dw_taps(long origin, long dilation, long filter, long size, long *first, long *end) {
    long f = origin >= 0 ? 0 : (-origin + dilation - 1) / dilation;
    long e = (size - origin + dilation - 1) / dilation;
    if (e > filter) e = filter;
    *first = f;
    *end = e > f ? e : f;
}

/* Output pixels from..<to of one row, visiting only the taps inside the input (borders). */
__attribute__((target("avx2,fma"), always_inline))
static inline void dw_border(const int TAIL, const qrt_dw_geometry *g, const float *image, float *out_row, long origin_y,
                             long ty0, long ty1, long from, long to, long c0, const float *w, __m256 bias, __m256i mask,
                             __m256 lo, __m256 hi) {
    const long C = g->channels, fw = g->filter_w, dx = g->dilation_w * C;
    for (long ox = from; ox < to; ox++) {
        const long origin_x = ox * g->stride_w - g->pad_left;
        long tx0, tx1;
        dw_taps(origin_x, g->dilation_w, fw, g->in_w, &tx0, &tx1);
        __m256 sum = bias;
        for (long fy = ty0; fy < ty1; fy++) {
            const float *p = image + ((origin_y + fy * g->dilation_h) * g->in_w + origin_x + tx0 * g->dilation_w) * C + c0;
            const float *wp = w + (fy * fw + tx0) * 8;
            for (long fx = tx0; fx < tx1; fx++, p += dx, wp += 8)
                sum = _mm256_fmadd_ps(DW_LOAD(p), _mm256_loadu_ps(wp), sum);
        }
        dw_store(TAIL, out_row + ox * C + c0, sum, mask, lo, hi);
    }
}

/* One output row, channels c0..c0+8 (a partial block when TAIL). */
__attribute__((target("avx2,fma"), always_inline))
static inline void dw_block_row(const int TAIL, const qrt_dw_geometry *g, const float *image, float *out_row, long oy,
                                long c0, const float *w, __m256 bias, __m256i mask, __m256 lo, __m256 hi) {
    const long C = g->channels, fh = g->filter_h, fw = g->filter_w;
    const long origin_y = oy * g->stride_h - g->pad_top;
    long ty0, ty1;
    dw_taps(origin_y, g->dilation_h, fh, g->in_h, &ty0, &ty1);
    const long begin = g->interior_begin, end = g->interior_end;
    if (!(ty0 == 0 && ty1 == fh) || end <= begin) {
        dw_border(TAIL, g, image, out_row, origin_y, ty0, ty1, 0, g->out_w, c0, w, bias, mask, lo, hi);
        return;
    }
    dw_border(TAIL, g, image, out_row, origin_y, ty0, ty1, 0, begin, c0, w, bias, mask, lo, hi);
    dw_border(TAIL, g, image, out_row, origin_y, ty0, ty1, end, g->out_w, c0, w, bias, mask, lo, hi);
    const long dx = g->dilation_w * C, dy = g->dilation_h * g->in_w * C, step = g->stride_w * C;

    /* Interior pixels: every tap inside, four pixels share each weight. */
    const float *p = image + (origin_y * g->in_w + begin * g->stride_w - g->pad_left) * C + c0;
    float *q = out_row + begin * C + c0;
    long ox = begin;
    if (fh == 3 && fw == 3) {
        const __m256 w0 = _mm256_loadu_ps(w), w1 = _mm256_loadu_ps(w + 8), w2 = _mm256_loadu_ps(w + 16);
        const __m256 w3 = _mm256_loadu_ps(w + 24), w4 = _mm256_loadu_ps(w + 32), w5 = _mm256_loadu_ps(w + 40);
        const __m256 w6 = _mm256_loadu_ps(w + 48), w7 = _mm256_loadu_ps(w + 56), w8 = _mm256_loadu_ps(w + 64);
#define DW_3X3(s, base) do { \
            const float *r0 = (base), *r1 = r0 + dy, *r2 = r1 + dy; \
            s = _mm256_fmadd_ps(DW_LOAD(r0), w0, s); \
            s = _mm256_fmadd_ps(DW_LOAD(r0 + dx), w1, s); \
            s = _mm256_fmadd_ps(DW_LOAD(r0 + 2 * dx), w2, s); \
            s = _mm256_fmadd_ps(DW_LOAD(r1), w3, s); \
            s = _mm256_fmadd_ps(DW_LOAD(r1 + dx), w4, s); \
            s = _mm256_fmadd_ps(DW_LOAD(r1 + 2 * dx), w5, s); \
            s = _mm256_fmadd_ps(DW_LOAD(r2), w6, s); \
            s = _mm256_fmadd_ps(DW_LOAD(r2 + dx), w7, s); \
            s = _mm256_fmadd_ps(DW_LOAD(r2 + 2 * dx), w8, s); \
        } while (0)
        for (; ox + 2 <= end; ox += 2, p += 2 * step, q += 2 * C) {
            __m256 s0 = bias, s1 = bias;
            DW_3X3(s0, p);
            DW_3X3(s1, p + step);
            dw_store(TAIL, q, s0, mask, lo, hi);
            dw_store(TAIL, q + C, s1, mask, lo, hi);
        }
        for (; ox < end; ox++, p += step, q += C) {
            __m256 s0 = bias;
            DW_3X3(s0, p);
            dw_store(TAIL, q, s0, mask, lo, hi);
        }
#undef DW_3X3
        return;
    }
    for (; ox + 4 <= end; ox += 4, p += 4 * step, q += 4 * C) {
        __m256 s0 = bias, s1 = bias, s2 = bias, s3 = bias;
        const float *wp = w;
        for (long fy = 0; fy < fh; fy++) {
            const float *r = p + fy * dy;
            for (long fx = 0; fx < fw; fx++, r += dx, wp += 8) {
                const __m256 wv = _mm256_loadu_ps(wp);
                s0 = _mm256_fmadd_ps(DW_LOAD(r), wv, s0);
                s1 = _mm256_fmadd_ps(DW_LOAD(r + step), wv, s1);
                s2 = _mm256_fmadd_ps(DW_LOAD(r + 2 * step), wv, s2);
                s3 = _mm256_fmadd_ps(DW_LOAD(r + 3 * step), wv, s3);
            }
        }
        dw_store(TAIL, q, s0, mask, lo, hi);
        dw_store(TAIL, q + C, s1, mask, lo, hi);
        dw_store(TAIL, q + 2 * C, s2, mask, lo, hi);
        dw_store(TAIL, q + 3 * C, s3, mask, lo, hi);
    }
    for (; ox < end; ox++, p += step, q += C) {
        __m256 s0 = bias;
        const float *wp = w;
        for (long fy = 0; fy < fh; fy++) {
            const float *r = p + fy * dy;
            for (long fx = 0; fx < fw; fx++, r += dx, wp += 8) s0 = _mm256_fmadd_ps(DW_LOAD(r), _mm256_loadu_ps(wp), s0);
        }
        dw_store(TAIL, q, s0, mask, lo, hi);
    }
}

__attribute__((target("avx2,fma")))
void qrt_dwconv_f32_avx2(const qrt_dw_geometry *g, const float *image, float *out_row, long oy,
                         const float *weights, const float *bias, float lower, float upper) {
    const __m256 lo = _mm256_set1_ps(lower), hi = _mm256_set1_ps(upper);
    const long taps = g->filter_h * g->filter_w;
    const long whole = g->channels / 8 * 8;
    const __m256i all = _mm256_set1_epi32(-1);
    for (long c0 = 0; c0 < whole; c0 += 8)
        dw_block_row(0, g, image, out_row, oy, c0, weights + (c0 / 8) * taps * 8, _mm256_loadu_ps(bias + c0), all, lo, hi);
    if (whole < g->channels) {
        const __m256i mask = dw_lanes_below(g->channels - whole);
        dw_block_row(1, g, image, out_row, oy, whole, weights + (whole / 8) * taps * 8, _mm256_loadu_ps(bias + whole),
                     mask, lo, hi);
    }
}

#undef DW_LOAD

#else

void qrt_dwconv_f32_avx2(const qrt_dw_geometry *g, const float *image, float *out_row, long oy,
                         const float *weights, const float *bias, float lower, float upper) {
    (void)g; (void)image; (void)out_row; (void)oy; (void)weights; (void)bias; (void)lower; (void)upper;
}

#endif
