#ifndef CQUANTRT_KERNELS_H
#define CQUANTRT_KERNELS_H

/// Microkernels Swift cannot reach on the baseline x86-64 target (no AVX2/FMA code generation
/// per function). Each is compiled for its instruction set with a target attribute and chosen
/// at run time, so the binary still runs on any x86-64.

/// 1 when this CPU has AVX2 and FMA (checked once by the caller).
int qrt_cpu_has_avx2_fma(void);

/// `C[r][j] = clamp(Σd a[r·lda + d] · B[j][d] + bias[j], lower, upper)` for r < rows and the output
/// channels of panels `panel_begin..<panel_end`, where `packed` holds B in panels of 16 channels,
/// `[panel][d][16]` (k × 16 floats each, lanes past `n` zero) and `bias` has 16 values per panel.
/// `C` has row stride `ldc`; only the first `n` channels are stored. NaN passes the clamp.
/// Only call when qrt_cpu_has_avx2_fma() is 1.
void qrt_sgemm_avx2(const float *a, long lda, long rows, const float *packed, long k, const float *bias,
                    float *c, long ldc, long n, long panel_begin, long panel_end, float lower, float upper);

/// The geometry of a float DEPTHWISE_CONV_2D with depth multiplier 1 (NHWC, one image):
/// output columns `interior_begin..<interior_end` have their whole window inside the input
/// horizontally.
typedef struct {
    long in_h, in_w, channels;
    long out_h, out_w;
    long filter_h, filter_w;
    long stride_h, stride_w, dilation_h, dilation_w;
    long pad_top, pad_left;
    long interior_begin, interior_end;
} qrt_dw_geometry;

/// Output row `oy` of one image of a float depthwise convolution, all channels:
/// `out_row[ox·C + c] = clamp(bias[c] + Σ taps inside the input of image[iy][ix][c] · w, lower, upper)`,
/// with `weights` packed `[channel / 8][fy][fx][8]` (lanes past the last channel zero) and `bias`
/// rounded up to whole blocks of 8. NaN passes the clamp. Only call when qrt_cpu_has_avx2_fma() is 1.
void qrt_dwconv_f32_avx2(const qrt_dw_geometry *g, const float *image, float *out_row, long oy,
                         const float *weights, const float *bias, float lower, float upper);

#include <stdint.h>

/// Per-output-channel requantization in TFLite's fixed point (all arrays indexed by channel):
/// out = clamp(RoundingDivideByPOT(SaturatingRoundingDoublingHighMul((acc + bias) << left_shift,
/// multiplier), right_shift) + output_zero_point, output_min, output_max); with
/// `single_rounding`, ((acc + bias)·multiplier + 2^(right_shift−1)) >> right_shift instead, where
/// right_shift holds 31 − shift (the GEMM tiles only); with `single_rounding` = 2 (16x8 kernels),
/// TFLite's 64-bit rule ((acc + bias)·m16 + 2^(t−1)) >> t with the 16-bit reduced multiplier in
/// `multiplier` and t = 15 − shift in `right_shift`.
typedef struct {
    const int32_t *bias;
    const int32_t *multiplier;
    const int32_t *left_shift;
    const int32_t *right_shift;
    int32_t output_zero_point, output_min, output_max;
    int32_t single_rounding;
} qrt_requant_params;

/// TFLite's int8 ADD, SUB (inputs offset, shifted left by `left_shift`, each rescaled by its
/// multiplier — smaller than one — then summed and rescaled by the output multiplier) and MUL
/// (the product of the offset inputs rescaled) and SQUARED_DIFFERENCE (like SUB, the difference
/// squared before the output rescaling); `kind` 0 add, 1 sub, 2 mul, 3 squared difference.
typedef struct {
    int32_t kind;
    int32_t input1_offset, input2_offset, left_shift;
    int32_t input1_multiplier, input1_right_shift, input2_multiplier, input2_right_shift;
    int32_t output_multiplier, output_left_shift, output_right_shift;
    int32_t output_zero_point, output_min, output_max;
} qrt_binary_params;

/// `count` elements of an int8 binary op; an operand with step 0 is one broadcast value.
/// Only call when qrt_cpu_has_avx2() is 1.
void qrt_binary_s8_avx2(long count, const int8_t *a, long a_step, const int8_t *b, long b_step,
                        const qrt_binary_params *p, int8_t *out);

/// 1 when this CPU has AVX2 (checked once by the caller).
int qrt_cpu_has_avx2(void);

/// Packs up to 4 rows of a quantized GEMM's left operand as int16 pairs, `packed[p][r][2]`
/// (p < kpairs = ceil(taps·channels / 2)), holding `x − zero_point`. Row r, tap t reads
/// `channels` int8 values at `input + offsets[r·taps + t]`, or the zero point where the offset is
/// negative (padding). Rows past `rows` and the odd last k are zero. `packed` must hold
/// 16·kpairs int16: the second half is scratch. Only call when qrt_cpu_has_avx2() is 1.
void qrt_qpack_rows_s8(int rows, long taps, long channels, const int8_t *input, const long *offsets,
                       int32_t zero_point, int16_t *packed);

/// Packs up to 4 float rows for the dynamic-range GEMM (same layout and scratch as
/// qrt_qpack_rows_s8, padding reading 0.0): each row is quantized on the fly with its own
/// asymmetric scale (`levels` steps over its [min, max], zero included; 255 is 8 bits), stored in
/// `row_scales[r]`, as `round(x / scale)`, so |value| ≤ levels. Only call when
/// qrt_cpu_has_avx2() is 1.
void qrt_hybrid_pack_rows_f32(int rows, long taps, long channels, const float *input, const long *offsets,
                              float levels, int16_t *packed, float *row_scales);

/// A 4×16 int8 GEMM tile with requantization: acc[r][j] = Σp a[p][r]·b[p][j] over int16 pairs
/// (`a` from qrt_qpack_rows_s8, `b` a packed panel `[kpairs][16][2]`), then each column j is
/// requantized with channel `channel0 + j` and stored as int8 at `out + r·out_stride + j`
/// for r < rows, j < cols. Only call when qrt_cpu_has_avx2() is 1.
void qrt_qgemm_s8_tile4x16_avx2(long kpairs, const int16_t *a, const int16_t *b, const qrt_requant_params *rq,
                                long channel0, int8_t *out, long out_stride, int rows, int cols);

/// The same tile without requantization: stores the 4×16 int32 sums to `acc` (row-major).
void qrt_qgemm_acc_tile4x16_avx2(long kpairs, const int16_t *a, const int16_t *b, int32_t *acc);

/// Int8 depthwise convolution over `pixels` output pixels with a depth multiplier of 1:
/// out[p][c] = requantize(Σt w[t][c]·(x_t[c] − zero_point) + bias[c]) where x_t is
/// `input + offsets[p·taps + t]` (a negative offset reads the zero point: padding).
/// `weights` is packed by qrt_dw_pack_weights_s8 and the arrays of `rq` by qrt_dw_permute_params.
/// Only call when qrt_cpu_has_avx2() is 1.
void qrt_dwconv_s8_avx2(long pixels, long channels, long taps, const int8_t *input, const long *offsets,
                        int32_t zero_point, const int16_t *weights, const qrt_requant_params *rq, int8_t *out);

/// 16x8: packs up to 4 rows of int16 activations (zero point 0) like qrt_qpack_rows_s8.
void qrt_qpack_rows_s16(int rows, long taps, long channels, const int16_t *input, const long *offsets, int16_t *packed);

/// 16x8: the 4×16 tile with int32 sums — exact only when the caller has bounded every column's
/// |sum| + |bias| below 2^31 — requantized per `rq` (the 64-bit rule for CONV_2D, the 32-bit one
/// for FULLY_CONNECTED, as TFLite does) and stored as int16.
void qrt_qgemm_s16_tile4x16_avx2(long kpairs, const int16_t *a, const int16_t *b, const qrt_requant_params *rq,
                                 long channel0, int16_t *out, long out_stride, int rows, int cols);

/// 16x8 depthwise (multiplier 1) with the same weight packing, parameters in the same permuted
/// order and the same bounds as qrt_qgemm_s16_tile4x16_avx2.
void qrt_dwconv_s16_avx2(long pixels, long channels, long taps, const int16_t *input, const long *offsets,
                         const int16_t *weights, const qrt_requant_params *rq, int16_t *out);

/// Permutes one per-channel parameter array (bias, multiplier, shifts) into the order
/// qrt_dwconv_s8_avx2 reads it, `ceil(channels/16)·16` values (padding is 0).
void qrt_dw_permute_params(long channels, const int32_t *source, int32_t *permuted);

/// Packs depthwise weights `w[t·channels + c]` for qrt_dwconv_s8_avx2 into
/// `ceil(channels/16) · ceil(taps/2) · 32` int16 values.
void qrt_dw_pack_weights_s8(long channels, long taps, const int8_t *w, int16_t *packed);

#endif
