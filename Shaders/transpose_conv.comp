#version 450
#extension GL_GOOGLE_include_directive : require
// TRANSPOSE_CONV as a gather: each output element sums the input pixels whose window covers
// it. Filter OHWI [O, KH, KW, C]; accumulates in float32.
#include "common.glsl"
layout(binding = 0) readonly buffer Input { T x[]; };
layout(binding = 1) readonly buffer Filter { T w[]; };
layout(binding = 2) readonly buffer Bias { T b[]; };
layout(binding = 3) writeonly buffer Output { T y[]; };
// p: 0 N, 1 H, 2 W, 3 C, 4 OH, 5 OW, 6 O, 7 KH, 8 KW, 9 strideH, 10 strideW, 11 padTop,
//    12 padLeft, 13 activation, 14 hasBias
void main() {
    const int H = p[1], W = p[2], C = p[3], OH = p[4], OW = p[5], O = p[6], KH = p[7], KW = p[8];
    const int SH = p[9], SW = p[10];
    const uint index = flatIndex();
    if (index >= uint(p[0] * OH * OW * O)) return;
    const int oc = int(index % uint(O));
    const int pixel = int(index / uint(O));
    const int ox = pixel % OW, oy = (pixel / OW) % OH, n = pixel / (OW * OH);
    float acc = p[14] != 0 ? float(b[oc]) : 0.0;
    for (int ky = 0; ky < KH; ky++) {
        const int ty = oy + p[11] - ky;
        if (ty < 0 || ty % SH != 0 || ty / SH >= H) continue;
        const int iy = ty / SH;
        for (int kx = 0; kx < KW; kx++) {
            const int tx = ox + p[12] - kx;
            if (tx < 0 || tx % SW != 0 || tx / SW >= W) continue;
            const int ix = tx / SW;
            const int base = ((n * H + iy) * W + ix) * C;
            const int tap = ((oc * KH + ky) * KW + kx) * C;
            for (int c = 0; c < C; c++) acc += float(x[base + c]) * float(w[tap + c]);
        }
    }
    y[index] = T(activate(acc, p[13]));
}
