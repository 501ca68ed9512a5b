#include "CQuantRTKernels.h"
#include <string.h>

void qrt_dw_permute_params(long channels, const int32_t *source, int32_t *permuted) {
    static const int order[16] = {0, 1, 2, 3, 8, 9, 10, 11, 4, 5, 6, 7, 12, 13, 14, 15};
    for (long blk = 0; blk < (channels + 15) / 16; blk++) {
        for (int i = 0; i < 16; i++) {
            const long c = blk * 16 + order[i];
            permuted[blk * 16 + i] = c < channels ? source[c] : 0;
        }
    }
}

void qrt_dw_pack_weights_s8(long channels, long taps, const int8_t *w, int16_t *packed) {
    const long blocks = (channels + 15) / 16, pairs = (taps + 1) / 2;
    /* Within a 128-bit lane, unpacklo/hi interleave channels {0-3, 8-11} and {4-7, 12-15}. */
    static const int order[16] = {0, 1, 2, 3, 8, 9, 10, 11, 4, 5, 6, 7, 12, 13, 14, 15};
    for (long blk = 0; blk < blocks; blk++) {
        for (long p = 0; p < pairs; p++) {
            int16_t *dst = packed + (blk * pairs + p) * 32;
            for (int i = 0; i < 16; i++) {
                const long c = blk * 16 + order[i];
                const long t0 = 2 * p, t1 = 2 * p + 1;
                dst[2 * i] = c < channels ? w[t0 * channels + c] : 0;
                dst[2 * i + 1] = (c < channels && t1 < taps) ? w[t1 * channels + c] : 0;
            }
        }
    }
}

#if defined(__x86_64__) || defined(_M_X64)
#include <immintrin.h>

int qrt_cpu_has_avx2(void) {
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx2");
}

/* gemmlowp's SaturatingRoundingDoublingHighMul then RoundingDivideByPOT, on 8 lanes, with the
 * left shift first: TFLite's MultiplyByQuantizedMultiplier. Exact: |x·m| is formed in 64 bits
 * from |x| (unsigned), rounded half away from zero, and the sign put back. */
__attribute__((target("avx2")))
static inline __m256i qrt_requantize8(__m256i acc, __m256i multiplier, __m256i left, __m256i right) {
    const __m256i x = _mm256_sllv_epi32(acc, left);
    const __m256i sign = _mm256_srai_epi32(x, 31);
    const __m256i magnitude = _mm256_abs_epi32(x);
    const __m256i nudge = _mm256_set1_epi64x(1LL << 30);
    const __m256i one = _mm256_set1_epi64x(1);
    const __m256i even = _mm256_mul_epu32(magnitude, multiplier);
    const __m256i odd = _mm256_mul_epu32(_mm256_srli_epi64(magnitude, 32), _mm256_srli_epi64(multiplier, 32));
    const __m256i even_neg = _mm256_and_si256(sign, one);
    const __m256i odd_neg = _mm256_and_si256(_mm256_srli_epi64(sign, 32), one);
    const __m256i even_r = _mm256_srli_epi64(_mm256_sub_epi64(_mm256_add_epi64(even, nudge), even_neg), 31);
    const __m256i odd_r = _mm256_srli_epi64(_mm256_sub_epi64(_mm256_add_epi64(odd, nudge), odd_neg), 31);
    __m256i high = _mm256_blend_epi32(even_r, _mm256_slli_epi64(odd_r, 32), 0xAA);
    high = _mm256_sub_epi32(_mm256_xor_si256(high, sign), sign);
    /* RoundingDivideByPOT(high, right). */
    const __m256i mask = _mm256_sub_epi32(_mm256_sllv_epi32(_mm256_set1_epi32(1), right), _mm256_set1_epi32(1));
    const __m256i remainder = _mm256_and_si256(high, mask);
    const __m256i threshold = _mm256_sub_epi32(_mm256_srli_epi32(mask, 1), _mm256_srai_epi32(high, 31));
    const __m256i shifted = _mm256_srav_epi32(high, right);
    return _mm256_sub_epi32(shifted, _mm256_cmpgt_epi32(remainder, threshold));
}

/* Interleaves 4 row-major int16 rows (stride `row_stride`, each ≥ 2·kpairs long) into
 * packed[p][r][2]: a 4×4 transpose of 32-bit pairs, four pairs at a time. */
__attribute__((target("avx2")))
static void qrt_interleave4(const int16_t *rows, long row_stride, long kpairs, int16_t *packed) {
    const int32_t *r0 = (const int32_t *)rows, *r1 = (const int32_t *)(rows + row_stride);
    const int32_t *r2 = (const int32_t *)(rows + 2 * row_stride), *r3 = (const int32_t *)(rows + 3 * row_stride);
    int32_t *out = (int32_t *)packed;
    long p = 0;
    for (; p + 4 <= kpairs; p += 4) {
        const __m128i a = _mm_loadu_si128((const __m128i *)(r0 + p)), b = _mm_loadu_si128((const __m128i *)(r1 + p));
        const __m128i c = _mm_loadu_si128((const __m128i *)(r2 + p)), d = _mm_loadu_si128((const __m128i *)(r3 + p));
        const __m128i ab_lo = _mm_unpacklo_epi32(a, b), ab_hi = _mm_unpackhi_epi32(a, b);
        const __m128i cd_lo = _mm_unpacklo_epi32(c, d), cd_hi = _mm_unpackhi_epi32(c, d);
        _mm_storeu_si128((__m128i *)(out + p * 4), _mm_unpacklo_epi64(ab_lo, cd_lo));
        _mm_storeu_si128((__m128i *)(out + p * 4 + 4), _mm_unpackhi_epi64(ab_lo, cd_lo));
        _mm_storeu_si128((__m128i *)(out + p * 4 + 8), _mm_unpacklo_epi64(ab_hi, cd_hi));
        _mm_storeu_si128((__m128i *)(out + p * 4 + 12), _mm_unpackhi_epi64(ab_hi, cd_hi));
    }
    for (; p < kpairs; p++) {
        out[p * 4] = r0[p]; out[p * 4 + 1] = r1[p]; out[p * 4 + 2] = r2[p]; out[p * 4 + 3] = r3[p];
    }
}

__attribute__((target("avx2")))
void qrt_qpack_rows_s8(int rows, long taps, long channels, const int8_t *input, const long *offsets,
                       int32_t zero_point, int16_t *packed) {
    const long k = taps * channels, kpairs = (k + 1) / 2, stride = 2 * kpairs;
    int16_t *rowbuf = packed + kpairs * 8; /* the caller's scratch holds 4 rows after the packed block */
    const __m256i zero = _mm256_set1_epi16((int16_t)zero_point);
    for (int r = 0; r < 4; r++) {
        int16_t *dst = rowbuf + r * stride;
        if (r >= rows) { memset(dst, 0, (size_t)stride * sizeof(int16_t)); continue; }
        long d = 0;
        for (long t = 0; t < taps; t++) {
            const long offset = offsets[(long)r * taps + t];
            if (offset < 0) { memset(dst + d, 0, (size_t)channels * sizeof(int16_t)); d += channels; continue; }
            const int8_t *x = input + offset;
            long c = 0;
            for (; c + 16 <= channels; c += 16) {
                const __m256i v = _mm256_sub_epi16(_mm256_cvtepi8_epi16(_mm_loadu_si128((const __m128i *)(x + c))), zero);
                _mm256_storeu_si256((__m256i *)(dst + d + c), v);
            }
            for (; c < channels; c++) dst[d + c] = (int16_t)((int32_t)x[c] - zero_point);
            d += channels;
        }
        if (k & 1) dst[k] = 0;
    }
    qrt_interleave4(rowbuf, stride, kpairs, packed);
}

__attribute__((target("avx2")))
void qrt_hybrid_pack_rows_f32(int rows, long taps, long channels, const float *input, const long *offsets,
                              float levels, int16_t *packed, float *row_scales) {
    const long k = taps * channels, kpairs = (k + 1) / 2, stride = 2 * kpairs;
    int16_t *rowbuf = packed + kpairs * 8;
    for (int r = 0; r < 4; r++) {
        int16_t *dst = rowbuf + r * stride;
        if (r >= rows) { memset(dst, 0, (size_t)stride * sizeof(int16_t)); row_scales[r] = 0; continue; }
        /* Pass 1: the row's range, zero included (padding and the real zero must be exact). */
        __m256 lo = _mm256_setzero_ps(), hi = _mm256_setzero_ps();
        float lo1 = 0, hi1 = 0;
        for (long t = 0; t < taps; t++) {
            const long offset = offsets[(long)r * taps + t];
            if (offset < 0) continue;
            const float *x = input + offset;
            long c = 0;
            for (; c + 8 <= channels; c += 8) {
                const __m256 v = _mm256_loadu_ps(x + c);
                lo = _mm256_min_ps(lo, v); hi = _mm256_max_ps(hi, v);
            }
            for (; c < channels; c++) { lo1 = x[c] < lo1 ? x[c] : lo1; hi1 = x[c] > hi1 ? x[c] : hi1; }
        }
        float l[8], h[8];
        _mm256_storeu_ps(l, lo); _mm256_storeu_ps(h, hi);
        for (int i = 0; i < 8; i++) { lo1 = l[i] < lo1 ? l[i] : lo1; hi1 = h[i] > hi1 ? h[i] : hi1; }
        /* Asymmetric: `levels` steps over [min, max]; stored as round(x / scale) − the real zero's
         * offset cancels, so values need no zero point. */
        const float range = hi1 - lo1;
        const float scale = range > 0 ? range / levels : 1.0f;
        const float inverse = 1.0f / scale;
        row_scales[r] = scale;
        const __m256 inv = _mm256_set1_ps(inverse);
        long d = 0;
        for (long t = 0; t < taps; t++) {
            const long offset = offsets[(long)r * taps + t];
            if (offset < 0) { memset(dst + d, 0, (size_t)channels * sizeof(int16_t)); d += channels; continue; }
            const float *x = input + offset;
            long c = 0;
            for (; c + 16 <= channels; c += 16) {
                const __m256i a = _mm256_cvtps_epi32(_mm256_mul_ps(_mm256_loadu_ps(x + c), inv));
                const __m256i b = _mm256_cvtps_epi32(_mm256_mul_ps(_mm256_loadu_ps(x + c + 8), inv));
                _mm256_storeu_si256((__m256i *)(dst + d + c), _mm256_permute4x64_epi64(_mm256_packs_epi32(a, b), 0xD8));
            }
            for (; c < channels; c++) dst[d + c] = (int16_t)__builtin_lrintf(x[c] * inverse);
            d += channels;
        }
        if (k & 1) dst[k] = 0;
    }
    qrt_interleave4(rowbuf, stride, kpairs, packed);
}

/* Single rounding, half up: (x·m + 2^(t−1)) >> t with t = 31 − shift per lane, formed on |x|
 * (the nudge is 2^(t−1) − 1 for negative products, so ties still round up) and re-signed. */
__attribute__((target("avx2")))
static inline __m256i qrt_requantize8_single(__m256i x, __m256i multiplier, __m256i total) {
    const __m256i sign = _mm256_srai_epi32(x, 31);
    const __m256i magnitude = _mm256_abs_epi32(x);
    const __m256i one = _mm256_set1_epi64x(1);
    const __m256i t_even = _mm256_and_si256(total, _mm256_set1_epi64x(0xFFFFFFFFLL));
    const __m256i t_odd = _mm256_srli_epi64(total, 32);
    const __m256i h_even = _mm256_sllv_epi64(one, _mm256_sub_epi64(t_even, one));
    const __m256i h_odd = _mm256_sllv_epi64(one, _mm256_sub_epi64(t_odd, one));
    const __m256i even = _mm256_mul_epu32(magnitude, multiplier);
    const __m256i odd = _mm256_mul_epu32(_mm256_srli_epi64(magnitude, 32), _mm256_srli_epi64(multiplier, 32));
    const __m256i even_neg = _mm256_and_si256(sign, one);
    const __m256i odd_neg = _mm256_and_si256(_mm256_srli_epi64(sign, 32), one);
    const __m256i even_r = _mm256_srlv_epi64(_mm256_add_epi64(even, _mm256_sub_epi64(h_even, even_neg)), t_even);
    const __m256i odd_r = _mm256_srlv_epi64(_mm256_add_epi64(odd, _mm256_sub_epi64(h_odd, odd_neg)), t_odd);
    const __m256i r = _mm256_blend_epi32(even_r, _mm256_slli_epi64(odd_r, 32), 0xAA);
    return _mm256_sub_epi32(_mm256_xor_si256(r, sign), sign);
}

__attribute__((target("avx2")))
static inline __m256i qrt_requantize_channels8(__m256i acc, const qrt_requant_params *rq, long c) {
    acc = _mm256_add_epi32(acc, _mm256_loadu_si256((const __m256i *)(rq->bias + c)));
    __m256i v = rq->single_rounding
        ? qrt_requantize8_single(acc, _mm256_loadu_si256((const __m256i *)(rq->multiplier + c)),
                                 _mm256_loadu_si256((const __m256i *)(rq->right_shift + c)))
        : qrt_requantize8(acc, _mm256_loadu_si256((const __m256i *)(rq->multiplier + c)),
                          _mm256_loadu_si256((const __m256i *)(rq->left_shift + c)),
                          _mm256_loadu_si256((const __m256i *)(rq->right_shift + c)));
    v = _mm256_add_epi32(v, _mm256_set1_epi32(rq->output_zero_point));
    v = _mm256_max_epi32(v, _mm256_set1_epi32(rq->output_min));
    return _mm256_min_epi32(v, _mm256_set1_epi32(rq->output_max));
}

#define QRT_TILE_BODY                                                                     \
    __m256i c00 = _mm256_setzero_si256(), c01 = _mm256_setzero_si256();                    \
    __m256i c10 = _mm256_setzero_si256(), c11 = _mm256_setzero_si256();                    \
    __m256i c20 = _mm256_setzero_si256(), c21 = _mm256_setzero_si256();                    \
    __m256i c30 = _mm256_setzero_si256(), c31 = _mm256_setzero_si256();                    \
    for (long p = 0; p < kpairs; p++) {                                                    \
        const __m256i b0 = _mm256_loadu_si256((const __m256i *)(b + p * 32));              \
        const __m256i b1 = _mm256_loadu_si256((const __m256i *)(b + p * 32 + 16));         \
        const int32_t *ap = (const int32_t *)(a + p * 8);                                  \
        __m256i x = _mm256_set1_epi32(ap[0]);                                              \
        c00 = _mm256_add_epi32(c00, _mm256_madd_epi16(x, b0));                             \
        c01 = _mm256_add_epi32(c01, _mm256_madd_epi16(x, b1));                             \
        x = _mm256_set1_epi32(ap[1]);                                                      \
        c10 = _mm256_add_epi32(c10, _mm256_madd_epi16(x, b0));                             \
        c11 = _mm256_add_epi32(c11, _mm256_madd_epi16(x, b1));                             \
        x = _mm256_set1_epi32(ap[2]);                                                      \
        c20 = _mm256_add_epi32(c20, _mm256_madd_epi16(x, b0));                             \
        c21 = _mm256_add_epi32(c21, _mm256_madd_epi16(x, b1));                             \
        x = _mm256_set1_epi32(ap[3]);                                                      \
        c30 = _mm256_add_epi32(c30, _mm256_madd_epi16(x, b0));                             \
        c31 = _mm256_add_epi32(c31, _mm256_madd_epi16(x, b1));                             \
    }

__attribute__((target("avx2")))
void qrt_qgemm_acc_tile4x16_avx2(long kpairs, const int16_t *a, const int16_t *b, int32_t *acc) {
    QRT_TILE_BODY
    _mm256_storeu_si256((__m256i *)(acc + 0), c00); _mm256_storeu_si256((__m256i *)(acc + 8), c01);
    _mm256_storeu_si256((__m256i *)(acc + 16), c10); _mm256_storeu_si256((__m256i *)(acc + 24), c11);
    _mm256_storeu_si256((__m256i *)(acc + 32), c20); _mm256_storeu_si256((__m256i *)(acc + 40), c21);
    _mm256_storeu_si256((__m256i *)(acc + 48), c30); _mm256_storeu_si256((__m256i *)(acc + 56), c31);
}

__attribute__((target("avx2")))
static inline void qrt_store_row16(__m256i lo, __m256i hi, int8_t *out, int cols) {
    /* 16 int32 in order → 16 int8 in order (packs interleave 128-bit lanes; permute restores). */
    const __m256i words = _mm256_permute4x64_epi64(_mm256_packs_epi32(lo, hi), 0xD8);
    const __m128i bytes = _mm_packs_epi16(_mm256_castsi256_si128(words), _mm256_extracti128_si256(words, 1));
    if (cols >= 16) {
        _mm_storeu_si128((__m128i *)out, bytes);
    } else {
        int8_t tmp[16];
        _mm_storeu_si128((__m128i *)tmp, bytes);
        memcpy(out, tmp, (size_t)cols);
    }
}

__attribute__((target("avx2")))
void qrt_qgemm_s8_tile4x16_avx2(long kpairs, const int16_t *a, const int16_t *b, const qrt_requant_params *rq,
                                long channel0, int8_t *out, long out_stride, int rows, int cols) {
    QRT_TILE_BODY
    const long c = channel0;
    qrt_store_row16(qrt_requantize_channels8(c00, rq, c), qrt_requantize_channels8(c01, rq, c + 8), out, cols);
    if (rows > 1) qrt_store_row16(qrt_requantize_channels8(c10, rq, c), qrt_requantize_channels8(c11, rq, c + 8), out + out_stride, cols);
    if (rows > 2) qrt_store_row16(qrt_requantize_channels8(c20, rq, c), qrt_requantize_channels8(c21, rq, c + 8), out + 2 * out_stride, cols);
    if (rows > 3) qrt_store_row16(qrt_requantize_channels8(c30, rq, c), qrt_requantize_channels8(c31, rq, c + 8), out + 3 * out_stride, cols);
}

__attribute__((target("avx2")))
static inline __m256i qrt_load16_minus_zero(const int8_t *input, long offset, long c, long channels, __m256i zero) {
    if (offset < 0) return _mm256_setzero_si256();
    const int8_t *x = input + offset + c;
    __m128i bytes;
    if (c + 16 <= channels) {
        bytes = _mm_loadu_si128((const __m128i *)x);
    } else {
        int8_t tmp[16] = {0};
        memcpy(tmp, x, (size_t)(channels - c));
        bytes = _mm_loadu_si128((const __m128i *)tmp);
    }
    return _mm256_sub_epi16(_mm256_cvtepi8_epi16(bytes), zero);
}

__attribute__((target("avx2")))
void qrt_dwconv_s8_avx2(long pixels, long channels, long taps, const int8_t *input, const long *offsets,
                        int32_t zero_point, const int16_t *weights, const qrt_requant_params *rq, int8_t *out) {
    const long pairs = (taps + 1) / 2;
    const __m256i zero = _mm256_set1_epi16((int16_t)zero_point);
    for (long px = 0; px < pixels; px++) {
        const long *off = offsets + px * taps;
        int8_t *o = out + px * channels;
        for (long c = 0, blk = 0; c < channels; c += 16, blk++) {
            const int16_t *w = weights + blk * pairs * 32;
            __m256i lo = _mm256_setzero_si256(), hi = _mm256_setzero_si256();
            for (long p = 0; p < pairs; p++) {
                const long t0 = 2 * p, t1 = 2 * p + 1;
                const __m256i xa = qrt_load16_minus_zero(input, off[t0], c, channels, zero);
                const __m256i xb = t1 < taps ? qrt_load16_minus_zero(input, off[t1], c, channels, zero) : _mm256_setzero_si256();
                lo = _mm256_add_epi32(lo, _mm256_madd_epi16(_mm256_unpacklo_epi16(xa, xb), _mm256_loadu_si256((const __m256i *)(w + p * 32))));
                hi = _mm256_add_epi32(hi, _mm256_madd_epi16(_mm256_unpackhi_epi16(xa, xb), _mm256_loadu_si256((const __m256i *)(w + p * 32 + 16))));
            }
            /* lo holds channels {0-3, 8-11}, hi {4-7, 12-15}; the parameters are permuted alike. */
            const long n = channels - c < 16 ? channels - c : 16;
            __m256i rlo = _mm256_add_epi32(lo, _mm256_loadu_si256((const __m256i *)(rq->bias + c)));
            __m256i rhi = _mm256_add_epi32(hi, _mm256_loadu_si256((const __m256i *)(rq->bias + c + 8)));
            rlo = qrt_requantize8(rlo, _mm256_loadu_si256((const __m256i *)(rq->multiplier + c)),
                                  _mm256_loadu_si256((const __m256i *)(rq->left_shift + c)), _mm256_loadu_si256((const __m256i *)(rq->right_shift + c)));
            rhi = qrt_requantize8(rhi, _mm256_loadu_si256((const __m256i *)(rq->multiplier + c + 8)),
                                  _mm256_loadu_si256((const __m256i *)(rq->left_shift + c + 8)), _mm256_loadu_si256((const __m256i *)(rq->right_shift + c + 8)));
            const __m256i zp = _mm256_set1_epi32(rq->output_zero_point);
            const __m256i lo_b = _mm256_set1_epi32(rq->output_min), hi_b = _mm256_set1_epi32(rq->output_max);
            rlo = _mm256_min_epi32(_mm256_max_epi32(_mm256_add_epi32(rlo, zp), lo_b), hi_b);
            rhi = _mm256_min_epi32(_mm256_max_epi32(_mm256_add_epi32(rhi, zp), lo_b), hi_b);
            /* packs(lo, hi) per lane: {0-3, 4-7} | {8-11, 12-15}: channel order restored. */
            const __m256i words = _mm256_packs_epi32(rlo, rhi);
            const __m128i bytes = _mm_packs_epi16(_mm256_castsi256_si128(words), _mm256_extracti128_si256(words, 1));
            if (n == 16) {
                _mm_storeu_si128((__m128i *)(o + c), bytes);
            } else {
                int8_t tmp[16];
                _mm_storeu_si128((__m128i *)tmp, bytes);
                memcpy(o + c, tmp, (size_t)n);
            }
        }
    }
}

/* ---- 16x8: int16 activations (zero point 0) × int8 weights -------------------------------- */

/* TFLite's 64-bit MultiplyByQuantizedMultiplier on int32 sums: (x·m16 + 2^(t−1)) >> t, with m16
 * the multiplier rounded to 16 bits and t = 15 − shift ≤ 32 (checked by the caller), so the low
 * 32 bits of a logical 64-bit shift are those of the arithmetic one. */
__attribute__((target("avx2")))
static inline __m256i qrt_requantize8_reduced(__m256i x, __m256i multiplier, __m256i total) {
    const __m256i one = _mm256_set1_epi64x(1);
    const __m256i t_even = _mm256_and_si256(total, _mm256_set1_epi64x(0xFFFFFFFFLL));
    const __m256i t_odd = _mm256_srli_epi64(total, 32);
    const __m256i even = _mm256_add_epi64(_mm256_mul_epi32(x, multiplier), _mm256_sllv_epi64(one, _mm256_sub_epi64(t_even, one)));
    const __m256i odd = _mm256_add_epi64(_mm256_mul_epi32(_mm256_srli_epi64(x, 32), _mm256_srli_epi64(multiplier, 32)),
                                         _mm256_sllv_epi64(one, _mm256_sub_epi64(t_odd, one)));
    return _mm256_blend_epi32(_mm256_srlv_epi64(even, t_even), _mm256_slli_epi64(_mm256_srlv_epi64(odd, t_odd), 32), 0xAA);
}

__attribute__((target("avx2")))
static inline __m256i qrt_requantize16_channels8(__m256i acc, const qrt_requant_params *rq, long c) {
    if (rq->single_rounding != 2) return qrt_requantize_channels8(acc, rq, c);
    acc = _mm256_add_epi32(acc, _mm256_loadu_si256((const __m256i *)(rq->bias + c)));
    __m256i v = qrt_requantize8_reduced(acc, _mm256_loadu_si256((const __m256i *)(rq->multiplier + c)),
                                        _mm256_loadu_si256((const __m256i *)(rq->right_shift + c)));
    v = _mm256_add_epi32(v, _mm256_set1_epi32(rq->output_zero_point));
    v = _mm256_max_epi32(v, _mm256_set1_epi32(rq->output_min));
    return _mm256_min_epi32(v, _mm256_set1_epi32(rq->output_max));
}

__attribute__((target("avx2")))
static inline void qrt_store_row16_s16(__m256i lo, __m256i hi, int16_t *out, int cols) {
    const __m256i words = _mm256_permute4x64_epi64(_mm256_packs_epi32(lo, hi), 0xD8);
    if (cols >= 16) {
        _mm256_storeu_si256((__m256i *)out, words);
    } else {
        int16_t tmp[16];
        _mm256_storeu_si256((__m256i *)tmp, words);
        memcpy(out, tmp, (size_t)cols * sizeof(int16_t));
    }
}

__attribute__((target("avx2")))
void qrt_qpack_rows_s16(int rows, long taps, long channels, const int16_t *input, const long *offsets, int16_t *packed) {
    const long k = taps * channels, kpairs = (k + 1) / 2, stride = 2 * kpairs;
    int16_t *rowbuf = packed + kpairs * 8;
    for (int r = 0; r < 4; r++) {
        int16_t *dst = rowbuf + r * stride;
        if (r >= rows) { memset(dst, 0, (size_t)stride * sizeof(int16_t)); continue; }
        long d = 0;
        for (long t = 0; t < taps; t++) {
            const long offset = offsets[(long)r * taps + t];
            if (offset < 0) memset(dst + d, 0, (size_t)channels * sizeof(int16_t));
            else memcpy(dst + d, input + offset, (size_t)channels * sizeof(int16_t));
            d += channels;
        }
        if (k & 1) dst[k] = 0;
    }
    qrt_interleave4(rowbuf, stride, kpairs, packed);
}

__attribute__((target("avx2")))
void qrt_qgemm_s16_tile4x16_avx2(long kpairs, const int16_t *a, const int16_t *b, const qrt_requant_params *rq,
                                 long channel0, int16_t *out, long out_stride, int rows, int cols) {
    QRT_TILE_BODY
    const long c = channel0;
    qrt_store_row16_s16(qrt_requantize16_channels8(c00, rq, c), qrt_requantize16_channels8(c01, rq, c + 8), out, cols);
    if (rows > 1) qrt_store_row16_s16(qrt_requantize16_channels8(c10, rq, c), qrt_requantize16_channels8(c11, rq, c + 8), out + out_stride, cols);
    if (rows > 2) qrt_store_row16_s16(qrt_requantize16_channels8(c20, rq, c), qrt_requantize16_channels8(c21, rq, c + 8), out + 2 * out_stride, cols);
    if (rows > 3) qrt_store_row16_s16(qrt_requantize16_channels8(c30, rq, c), qrt_requantize16_channels8(c31, rq, c + 8), out + 3 * out_stride, cols);
}

__attribute__((target("avx2")))
static inline __m256i qrt_load16_s16(const int16_t *input, long offset, long c, long channels) {
    if (offset < 0) return _mm256_setzero_si256();
    const int16_t *x = input + offset + c;
    if (c + 16 <= channels) return _mm256_loadu_si256((const __m256i *)x);
    int16_t tmp[16] = {0};
    memcpy(tmp, x, (size_t)(channels - c) * sizeof(int16_t));
    return _mm256_loadu_si256((const __m256i *)tmp);
}

__attribute__((target("avx2")))
void qrt_dwconv_s16_avx2(long pixels, long channels, long taps, const int16_t *input, const long *offsets,
                         const int16_t *weights, const qrt_requant_params *rq, int16_t *out) {
    const long pairs = (taps + 1) / 2;
    for (long px = 0; px < pixels; px++) {
        const long *off = offsets + px * taps;
        int16_t *o = out + px * channels;
        for (long c = 0, blk = 0; c < channels; c += 16, blk++) {
            const int16_t *w = weights + blk * pairs * 32;
            __m256i lo = _mm256_setzero_si256(), hi = _mm256_setzero_si256();
            for (long p = 0; p < pairs; p++) {
                const long t0 = 2 * p, t1 = 2 * p + 1;
                const __m256i xa = qrt_load16_s16(input, off[t0], c, channels);
                const __m256i xb = t1 < taps ? qrt_load16_s16(input, off[t1], c, channels) : _mm256_setzero_si256();
                lo = _mm256_add_epi32(lo, _mm256_madd_epi16(_mm256_unpacklo_epi16(xa, xb), _mm256_loadu_si256((const __m256i *)(w + p * 32))));
                hi = _mm256_add_epi32(hi, _mm256_madd_epi16(_mm256_unpackhi_epi16(xa, xb), _mm256_loadu_si256((const __m256i *)(w + p * 32 + 16))));
            }
            const long n = channels - c < 16 ? channels - c : 16;
            const __m256i rlo = qrt_requantize16_channels8(lo, rq, c);
            const __m256i rhi = qrt_requantize16_channels8(hi, rq, c + 8);
            const __m256i words = _mm256_packs_epi32(rlo, rhi); /* per lane {0-3,4-7} | {8-11,12-15} */
            if (n == 16) {
                _mm256_storeu_si256((__m256i *)(o + c), words);
            } else {
                int16_t tmp[16];
                _mm256_storeu_si256((__m256i *)tmp, words);
                memcpy(o + c, tmp, (size_t)n * sizeof(int16_t));
            }
        }
    }
}

/* ---- Elementwise int8 ADD / SUB / MUL ----------------------------------------------------- */

__attribute__((target("avx2")))
static inline __m256i qrt_load8_s8(const int8_t *p, long step, long i) {
    if (step == 0) return _mm256_set1_epi32(p[0]);
    return _mm256_cvtepi8_epi32(_mm_loadl_epi64((const __m128i *)(p + i)));
}

__attribute__((target("avx2")))
void qrt_binary_s8_avx2(long count, const int8_t *a, long a_step, const int8_t *b, long b_step,
                        const qrt_binary_params *p, int8_t *out) {
    const __m256i off1 = _mm256_set1_epi32(p->input1_offset), off2 = _mm256_set1_epi32(p->input2_offset);
    const __m256i m1 = _mm256_set1_epi32(p->input1_multiplier), r1 = _mm256_set1_epi32(p->input1_right_shift);
    const __m256i m2 = _mm256_set1_epi32(p->input2_multiplier), r2 = _mm256_set1_epi32(p->input2_right_shift);
    const __m256i mo = _mm256_set1_epi32(p->output_multiplier);
    const __m256i lo = _mm256_set1_epi32(p->output_left_shift), ro = _mm256_set1_epi32(p->output_right_shift);
    const __m256i zero = _mm256_setzero_si256();
    const __m256i shift = _mm256_set1_epi32(p->left_shift);
    const __m256i zp = _mm256_set1_epi32(p->output_zero_point);
    const __m256i vmin = _mm256_set1_epi32(p->output_min), vmax = _mm256_set1_epi32(p->output_max);
    long i = 0;
    for (; i + 8 <= count; i += 8) {
        const __m256i x = _mm256_add_epi32(qrt_load8_s8(a, a_step, i), off1);
        const __m256i y = _mm256_add_epi32(qrt_load8_s8(b, b_step, i), off2);
        __m256i raw;
        if (p->kind == 2) {
            raw = qrt_requantize8(_mm256_mullo_epi32(x, y), mo, lo, ro);
        } else {
            const __m256i sx = qrt_requantize8(_mm256_sllv_epi32(x, shift), m1, zero, r1);
            __m256i sy = qrt_requantize8(_mm256_sllv_epi32(y, shift), m2, zero, r2);
            const __m256i sum = p->kind == 1 || p->kind == 3 ? _mm256_sub_epi32(sx, sy) : _mm256_add_epi32(sx, sy);
            raw = qrt_requantize8(p->kind == 3 ? _mm256_mullo_epi32(sum, sum) : sum, mo, lo, ro);
        }
        raw = _mm256_min_epi32(_mm256_max_epi32(_mm256_add_epi32(raw, zp), vmin), vmax);
        const __m128i words = _mm_packs_epi32(_mm256_castsi256_si128(raw), _mm256_extracti128_si256(raw, 1));
        _mm_storel_epi64((__m128i *)(out + i), _mm_packs_epi16(words, words));
    }
    for (; i < count; i++) {
        /* The tail through the same vector code, one lane used. */
        int8_t ta[8] = {0}, tb[8] = {0}, to[8];
        ta[0] = a[a_step ? i : 0]; tb[0] = b[b_step ? i : 0];
        qrt_binary_s8_avx2(8, ta, 1, tb, 1, p, to);
        out[i] = to[0];
    }
}

#else

int qrt_cpu_has_avx2(void) { return 0; }
void qrt_binary_s8_avx2(long count, const int8_t *a, long a_step, const int8_t *b, long b_step,
                        const qrt_binary_params *p, int8_t *out) {
    (void)count; (void)a; (void)a_step; (void)b; (void)b_step; (void)p; (void)out;
}
void qrt_qpack_rows_s16(int rows, long taps, long channels, const int16_t *input, const long *offsets, int16_t *packed) {
    (void)rows; (void)taps; (void)channels; (void)input; (void)offsets; (void)packed;
}
void qrt_qgemm_s16_tile4x16_avx2(long kpairs, const int16_t *a, const int16_t *b, const qrt_requant_params *rq,
                                 long channel0, int16_t *out, long out_stride, int rows, int cols) {
    (void)kpairs; (void)a; (void)b; (void)rq; (void)channel0; (void)out; (void)out_stride; (void)rows; (void)cols;
}
void qrt_dwconv_s16_avx2(long pixels, long channels, long taps, const int16_t *input, const long *offsets,
                         const int16_t *weights, const qrt_requant_params *rq, int16_t *out) {
    (void)pixels; (void)channels; (void)taps; (void)input; (void)offsets; (void)weights; (void)rq; (void)out;
}
void qrt_qpack_rows_s8(int rows, long taps, long channels, const int8_t *input, const long *offsets,
                       int32_t zero_point, int16_t *packed) {
    (void)rows; (void)taps; (void)channels; (void)input; (void)offsets; (void)zero_point; (void)packed;
}
void qrt_hybrid_pack_rows_f32(int rows, long taps, long channels, const float *input, const long *offsets,
                              float levels, int16_t *packed, float *row_scales) {
    (void)levels; (void)rows; (void)taps; (void)channels; (void)input; (void)offsets; (void)packed; (void)row_scales;
}
void qrt_qgemm_s8_tile4x16_avx2(long kpairs, const int16_t *a, const int16_t *b, const qrt_requant_params *rq,
                                long channel0, int8_t *out, long out_stride, int rows, int cols) {
    (void)kpairs; (void)a; (void)b; (void)rq; (void)channel0; (void)out; (void)out_stride; (void)rows; (void)cols;
}
void qrt_qgemm_acc_tile4x16_avx2(long kpairs, const int16_t *a, const int16_t *b, int32_t *acc) {
    (void)kpairs; (void)a; (void)b; (void)acc;
}
void qrt_dwconv_s8_avx2(long pixels, long channels, long taps, const int8_t *input, const long *offsets,
                        int32_t zero_point, const int16_t *weights, const qrt_requant_params *rq, int8_t *out) {
    (void)pixels; (void)channels; (void)taps; (void)input; (void)offsets; (void)zero_point; (void)weights; (void)rq; (void)out;
}

#endif
