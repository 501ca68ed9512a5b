#version 450
#extension GL_GOOGLE_include_directive : require
// CONV_2D, NHWC input, OHWI filter, accumulating in float32.
//
// Each invocation computes a tile of TP output pixels x TQ output channels: every input value
// loaded feeds TQ multiply-adds and every weight TP, which is what counts on devices whose
// loads are per-lane scalar loads (lavapipe runs invocations as SIMD lanes on the CPU).
// Invocations are numbered channel tile fastest, so small images (down to a single pixel) still
// fill whole workgroups.
// Specialization constants: 1 POINTWISE (1x1, stride 1, no padding: a GEMM, no window loops),
// 2 VEC4 (input channels a multiple of 4: channels are read four at a time).
#include "common.glsl"
layout(constant_id = 1) const bool POINTWISE = false;
layout(constant_id = 2) const bool VEC4 = false;
layout(binding = 0) readonly buffer Input { T x[]; };
layout(binding = 0) readonly buffer Input4 { T4 x4[]; };
layout(binding = 1) readonly buffer Filter { T w[]; };
layout(binding = 1) readonly buffer Filter4 { T4 w4[]; };
layout(binding = 2) readonly buffer Bias { T b[]; };
layout(binding = 3) writeonly buffer Output { T y[]; };
// p: 0 N, 1 H, 2 W, 3 C, 4 OH, 5 OW, 6 O, 7 KH, 8 KW, 9 strideH, 10 strideW, 11 dilationH,
//    12 dilationW, 13 padTop, 14 padLeft, 15 activation, 16 hasBias
#define TP 8
#define TQ 8
void main() {
    const int H = p[1], W = p[2], C = p[3], OH = p[4], OW = p[5], O = p[6], KH = p[7], KW = p[8];
    const int pixels = p[0] * OH * OW;
    const int channelTiles = (O + TQ - 1) / TQ;
    const uint index = flatIndex();
    if (index >= uint(((pixels + TP - 1) / TP) * channelTiles)) return;
    const int first = int(index / uint(channelTiles)) * TP;
    const int oc0 = int(index % uint(channelTiles)) * TQ;
    const int filterSize = KH * KW * C;
    // Pixels and channels past the end repeat the last one and are not stored.
    int oy[TP], ox[TP], n[TP];
    [[unroll]] for (int j = 0; j < TP; j++) {
        const int pixel = min(first + j, pixels - 1);
        ox[j] = pixel % OW; oy[j] = (pixel / OW) % OH; n[j] = pixel / (OW * OH);
    }
    int rows[TQ];
    [[unroll]] for (int i = 0; i < TQ; i++) rows[i] = min(oc0 + i, O - 1) * filterSize;
    float acc[TP][TQ];
    [[unroll]] for (int j = 0; j < TP; j++) [[unroll]] for (int i = 0; i < TQ; i++) acc[j][i] = 0.0;
    for (int ky = 0; ky < KH; ky++) {
        for (int kx = 0; kx < KW; kx++) {
            int base[TP];
            float inside[TP];
            [[unroll]] for (int j = 0; j < TP; j++) {
                const int iy = POINTWISE ? oy[j] : oy[j] * p[9] - p[13] + ky * p[11];
                const int ix = POINTWISE ? ox[j] : ox[j] * p[10] - p[14] + kx * p[12];
                const bool valid = iy >= 0 && iy < H && ix >= 0 && ix < W;
                inside[j] = valid ? 1.0 : 0.0;
                base[j] = valid ? ((n[j] * H + iy) * W + ix) * C : 0;
            }
            const int tap = (ky * KW + kx) * C;
            if (VEC4) {
                for (int c = 0; c < C; c += 4) {
                    vec4 v[TP];
                    [[unroll]] for (int j = 0; j < TP; j++) v[j] = vec4(x4[(base[j] + c) >> 2]) * inside[j];
                    [[unroll]] for (int i = 0; i < TQ; i++) {
                        const vec4 f = vec4(w4[(rows[i] + tap + c) >> 2]);
                        [[unroll]] for (int j = 0; j < TP; j++) acc[j][i] += dot(v[j], f);
                    }
                }
            } else {
                for (int c = 0; c < C; c++) {
                    float v[TP];
                    [[unroll]] for (int j = 0; j < TP; j++) v[j] = float(x[base[j] + c]) * inside[j];
                    [[unroll]] for (int i = 0; i < TQ; i++) {
                        const float f = float(w[rows[i] + tap + c]);
                        [[unroll]] for (int j = 0; j < TP; j++) acc[j][i] += v[j] * f;
                    }
                }
            }
        }
    }
    float bias[TQ];
    [[unroll]] for (int i = 0; i < TQ; i++) bias[i] = p[16] != 0 ? float(b[min(oc0 + i, O - 1)]) : 0.0;
    [[unroll]] for (int j = 0; j < TP; j++) {
        if (first + j < pixels) {
            [[unroll]] for (int i = 0; i < TQ; i++) {
                if (oc0 + i < O) y[(first + j) * O + oc0 + i] = T(activate(acc[j][i] + bias[i], p[15]));
            }
        }
    }
}
