#version 450
#extension GL_GOOGLE_include_directive : require
// DEPTHWISE_CONV_2D, NHWC input, filter [1, KH, KW, C*M], accumulating in float32.
//
// Fast path (specialization constant 1 STRIP: channels a multiple of 4, multiplier 1, no
// horizontal dilation): each invocation computes four channels of a strip of STRIP_W output
// pixels along a row; per filter row it loads the input columns the strip covers once
// ((STRIP_W - 1) * stride + KW of them, KW and stride being specialization constants 2 and 3)
// and reuses each for every output pixel it touches.
// Otherwise one output element per invocation.
#include "common.glsl"
layout(constant_id = 1) const bool STRIP = false;
layout(constant_id = 2) const int STRIP_KW = 1;
layout(constant_id = 3) const int STRIP_STRIDE = 1;
#define STRIP_W 4
const int SPAN = (STRIP_W - 1) * STRIP_STRIDE + STRIP_KW;
layout(binding = 0) readonly buffer Input { T x[]; };
layout(binding = 0) readonly buffer Input4 { T4 x4[]; };
layout(binding = 1) readonly buffer Filter { T w[]; };
layout(binding = 1) readonly buffer Filter4 { T4 w4[]; };
layout(binding = 2) readonly buffer Bias { T b[]; };
layout(binding = 2) readonly buffer Bias4 { T4 b4[]; };
layout(binding = 3) writeonly buffer Output { T y[]; };
layout(binding = 3) writeonly buffer Output4 { T4 y4[]; };
// p: 0 N, 1 H, 2 W, 3 C, 4 OH, 5 OW, 6 OC (= C*M), 7 KH, 8 KW, 9 strideH, 10 strideW,
//    11 dilationH, 12 dilationW, 13 padTop, 14 padLeft, 15 activation, 16 hasBias, 17 M

void strip() {
    const int H = p[1], W = p[2], C4 = p[3] / 4, OH = p[4], OW = p[5], KH = p[7];
    const int strips = (OW + STRIP_W - 1) / STRIP_W;
    const uint index = flatIndex();
    if (index >= uint(p[0] * OH * strips * C4)) return;
    const int c4 = int(index % uint(C4));
    const int rest = int(index / uint(C4));
    const int ox0 = (rest % strips) * STRIP_W, oy = (rest / strips) % OH, n = rest / (strips * OH);
    const vec4 bias = p[16] != 0 ? vec4(b4[c4]) : vec4(0.0);
    vec4 acc[STRIP_W];
    [[unroll]] for (int j = 0; j < STRIP_W; j++) acc[j] = bias;
    const int ix0 = ox0 * STRIP_STRIDE - p[14];
    for (int ky = 0; ky < KH; ky++) {
        const int iy = oy * p[9] - p[13] + ky * p[11];
        if (iy < 0 || iy >= H) continue;
        const int row = (n * H + iy) * W;
        vec4 columns[SPAN];
        [[unroll]] for (int t = 0; t < SPAN; t++) {
            const int ix = ix0 + t;
            const bool inside = ix >= 0 && ix < W;
            columns[t] = vec4(x4[(row + clamp(ix, 0, W - 1)) * C4 + c4]) * (inside ? 1.0 : 0.0);
        }
        [[unroll]] for (int kx = 0; kx < STRIP_KW; kx++) {
            const vec4 f = vec4(w4[(ky * STRIP_KW + kx) * C4 + c4]);
            [[unroll]] for (int j = 0; j < STRIP_W; j++) acc[j] += columns[j * STRIP_STRIDE + kx] * f;
        }
    }
    [[unroll]] for (int j = 0; j < STRIP_W; j++) {
        if (ox0 + j < OW) y4[((n * OH + oy) * OW + ox0 + j) * C4 + c4] = T4(activate4(acc[j], p[15]));
    }
}

void main() {
    if (STRIP) { strip(); return; }
    const int H = p[1], W = p[2], C = p[3], OH = p[4], OW = p[5], OC = p[6], KH = p[7], KW = p[8];
    const uint index = flatIndex();
    if (index >= uint(p[0] * OH * OW * OC)) return;
    const int oc = int(index % uint(OC));
    const int pixel = int(index / uint(OC));
    const int ox = pixel % OW, oy = (pixel / OW) % OH, n = pixel / (OW * OH);
    const int ic = oc / p[17];
    float acc = p[16] != 0 ? float(b[oc]) : 0.0;
    for (int ky = 0; ky < KH; ky++) {
        const int iy = oy * p[9] - p[13] + ky * p[11];
        if (iy < 0 || iy >= H) continue;
        for (int kx = 0; kx < KW; kx++) {
            const int ix = ox * p[10] - p[14] + kx * p[12];
            if (ix < 0 || ix >= W) continue;
            acc += float(x[((n * H + iy) * W + ix) * C + ic]) * float(w[(ky * KW + kx) * OC + oc]);
        }
    }
    y[index] = T(activate(acc, p[15]));
}
