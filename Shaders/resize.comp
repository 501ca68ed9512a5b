#version 450
#extension GL_GOOGLE_include_directive : require
// RESIZE_BILINEAR and RESIZE_NEAREST_NEIGHBOR (specialization constant 1: NEAREST) over NHWC,
// with TFLite's align_corners / half_pixel_centers source coordinates.
#include "common.glsl"
layout(constant_id = 1) const bool NEAREST = false;
layout(binding = 0) readonly buffer Input { T x[]; };
layout(binding = 3) writeonly buffer Output { T y[]; };
// p: 0 N, 1 H, 2 W, 3 C, 4 OH, 5 OW, 6 scaleY bits, 7 scaleX bits, 8 alignCorners, 9 halfPixel

int nearest(int o, float scale, int size) {
    const float s = (float(o) + (p[9] != 0 ? 0.5 : 0.0)) * scale;
    int v = min(int(p[8] != 0 ? floor(s + 0.5) : floor(s)), size - 1);
    return p[9] != 0 ? max(v, 0) : v;
}

void main() {
    const int H = p[1], W = p[2], C = p[3], OH = p[4], OW = p[5];
    const uint index = flatIndex();
    if (index >= uint(p[0] * OH * OW * C)) return;
    const int c = int(index % uint(C));
    const int pixel = int(index / uint(C));
    const int ox = pixel % OW, oy = (pixel / OW) % OH, n = pixel / (OW * OH);
    const float scaleY = intBitsToFloat(p[6]), scaleX = intBitsToFloat(p[7]);
    const int row = n * H;
    if (NEAREST) {
        y[index] = x[((row + nearest(oy, scaleY, H)) * W + nearest(ox, scaleX, W)) * C + c];
        return;
    }
    const float sy = p[9] != 0 ? (float(oy) + 0.5) * scaleY - 0.5 : float(oy) * scaleY;
    const float sx = p[9] != 0 ? (float(ox) + 0.5) * scaleX - 0.5 : float(ox) * scaleX;
    const int y0 = max(int(floor(sy)), 0), y1 = min(int(ceil(sy)), H - 1);
    const int x0 = max(int(floor(sx)), 0), x1 = min(int(ceil(sx)), W - 1);
    const float fy = sy - float(y0), fx = sx - float(x0);
    const float v00 = float(x[((row + y0) * W + x0) * C + c]), v01 = float(x[((row + y0) * W + x1) * C + c]);
    const float v10 = float(x[((row + y1) * W + x0) * C + c]), v11 = float(x[((row + y1) * W + x1) * C + c]);
    const float top = v00 + (v01 - v00) * fx, bottom = v10 + (v11 - v10) * fx;
    y[index] = T(top + (bottom - top) * fy);
}
