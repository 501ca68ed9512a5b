#version 450
#extension GL_GOOGLE_include_directive : require
// MAX_POOL_2D and AVERAGE_POOL_2D (specialization constant 1: AVERAGE). The average counts
// only the window cells inside the input, like TFLite; sums in float32.
#include "common.glsl"
layout(constant_id = 1) const bool AVERAGE = false;
layout(binding = 0) readonly buffer Input { T x[]; };
layout(binding = 3) writeonly buffer Output { T y[]; };
// p: 0 N, 1 H, 2 W, 3 C, 4 OH, 5 OW, 6 FH, 7 FW, 8 strideH, 9 strideW, 10 padTop, 11 padLeft, 12 activation
void main() {
    const int H = p[1], W = p[2], C = p[3], OH = p[4], OW = p[5];
    const uint index = flatIndex();
    if (index >= uint(p[0] * OH * OW * C)) return;
    const int c = int(index % uint(C));
    const int pixel = int(index / uint(C));
    const int ox = pixel % OW, oy = (pixel / OW) % OH, n = pixel / (OW * OH);
    const int y0 = max(oy * p[8] - p[10], 0), y1 = min(oy * p[8] - p[10] + p[6], H);
    const int x0 = max(ox * p[9] - p[11], 0), x1 = min(ox * p[9] - p[11] + p[7], W);
    float acc = AVERAGE ? 0.0 : -3.402823466e38;
    for (int iy = y0; iy < y1; iy++) {
        for (int ix = x0; ix < x1; ix++) {
            const float v = float(x[((n * H + iy) * W + ix) * C + c]);
            acc = AVERAGE ? acc + v : max(acc, v);
        }
    }
    if (AVERAGE) acc /= float(max((y1 - y0) * (x1 - x0), 1));
    y[index] = T(activate(acc, p[12]));
}
