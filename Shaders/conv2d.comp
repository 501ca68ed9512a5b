#version 450
#extension GL_GOOGLE_include_directive : require
// CONV_2D, NHWC input, OHWI filter. Each invocation computes four output channels of one
// pixel, accumulating in float32. A 1x1 convolution with stride 1 and no padding is a GEMM
// (pixels x input channels times input channels x output channels): specialization constant 1
// (POINTWISE) drops the window loops for it.
#include "common.glsl"
layout(constant_id = 1) const bool POINTWISE = false;
layout(binding = 0) readonly buffer Input { T x[]; };
layout(binding = 1) readonly buffer Filter { T w[]; };
layout(binding = 2) readonly buffer Bias { T b[]; };
layout(binding = 3) writeonly buffer Output { T y[]; };
// p: 0 N, 1 H, 2 W, 3 C, 4 OH, 5 OW, 6 O, 7 KH, 8 KW, 9 strideH, 10 strideW, 11 dilationH,
//    12 dilationW, 13 padTop, 14 padLeft, 15 activation, 16 hasBias
void main() {
    const int H = p[1], W = p[2], C = p[3], OH = p[4], OW = p[5], O = p[6], KH = p[7], KW = p[8];
    const int groups = (O + 3) / 4;
    const uint index = flatIndex();
    if (index >= uint(p[0] * OH * OW * groups)) return;
    const int og = int(index % uint(groups));
    const int pixel = int(index / uint(groups));
    const int ox = pixel % OW, oy = (pixel / OW) % OH, n = pixel / (OW * OH);
    const int oc0 = og * 4;
    // Rows past the last output channel repeat the last one and are not stored.
    const int filterSize = KH * KW * C;
    const int r0 = oc0 * filterSize;
    const int r1 = min(oc0 + 1, O - 1) * filterSize;
    const int r2 = min(oc0 + 2, O - 1) * filterSize;
    const int r3 = min(oc0 + 3, O - 1) * filterSize;
    vec4 acc = vec4(0.0);
    if (POINTWISE) {
        const int base = pixel * C;
        for (int c = 0; c < C; c++) {
            const float v = float(x[base + c]);
            acc += v * vec4(float(w[r0 + c]), float(w[r1 + c]), float(w[r2 + c]), float(w[r3 + c]));
        }
    } else {
        for (int ky = 0; ky < KH; ky++) {
            const int iy = oy * p[9] - p[13] + ky * p[11];
            if (iy < 0 || iy >= H) continue;
            for (int kx = 0; kx < KW; kx++) {
                const int ix = ox * p[10] - p[14] + kx * p[12];
                if (ix < 0 || ix >= W) continue;
                const int base = ((n * H + iy) * W + ix) * C;
                const int tap = (ky * KW + kx) * C;
                for (int c = 0; c < C; c++) {
                    const float v = float(x[base + c]);
                    acc += v * vec4(float(w[r0 + tap + c]), float(w[r1 + tap + c]), float(w[r2 + tap + c]), float(w[r3 + tap + c]));
                }
            }
        }
    }
    const int dst = pixel * O + oc0;
    for (int i = 0; i < 4; i++) {
        if (oc0 + i >= O) break;
        const float bias = p[16] != 0 ? float(b[oc0 + i]) : 0.0;
        y[dst + i] = T(activate(acc[i] + bias, p[15]));
    }
}
