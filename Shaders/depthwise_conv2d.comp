#version 450
#extension GL_GOOGLE_include_directive : require
// DEPTHWISE_CONV_2D, NHWC input, filter [1, KH, KW, C*M]. One output element per invocation;
// neighbouring invocations take neighbouring channels, so their loads are contiguous.
#include "common.glsl"
layout(binding = 0) readonly buffer Input { T x[]; };
layout(binding = 1) readonly buffer Filter { T w[]; };
layout(binding = 2) readonly buffer Bias { T b[]; };
layout(binding = 3) writeonly buffer Output { T y[]; };
// p: 0 N, 1 H, 2 W, 3 C, 4 OH, 5 OW, 6 OC (= C*M), 7 KH, 8 KW, 9 strideH, 10 strideW,
//    11 dilationH, 12 dilationW, 13 padTop, 14 padLeft, 15 activation, 16 hasBias, 17 M
void main() {
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
