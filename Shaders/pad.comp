#version 450
#extension GL_GOOGLE_include_directive : require
// PAD / PADV2 over up to 6 dimensions: output cells outside the input take the constant.
#include "common.glsl"
layout(binding = 0) readonly buffer Input { T x[]; };
layout(binding = 3) writeonly buffer Output { T y[]; };
// p: 0 count, 1 constant bits, 2..7 output dims, 8..13 input dims, 14..19 padding before
void main() {
    const uint index = flatIndex();
    if (index >= uint(p[0])) return;
    int rest = int(index), src = 0, stride = 1;
    bool inside = true;
    for (int d = 5; d >= 0; d--) {
        const int coordinate = rest % p[2 + d] - p[14 + d];
        rest /= p[2 + d];
        inside = inside && coordinate >= 0 && coordinate < p[8 + d];
        src += coordinate * stride;
        stride *= p[8 + d];
    }
    y[index] = inside ? x[src] : T(intBitsToFloat(p[1]));
}
