#version 450
#extension GL_GOOGLE_include_directive : require
// MEAN, SUM, REDUCE_MAX, REDUCE_MIN over one contiguous block of axes: the input is seen as
// [outer, reduced, inner] and each invocation reduces one (outer, inner) pair in float32.
// Ops: 0 mean, 1 sum, 2 max, 3 min.
#include "common.glsl"
layout(binding = 0) readonly buffer Input { T x[]; };
layout(binding = 3) writeonly buffer Output { T y[]; };
// p: 0 outer, 1 reduced, 2 inner, 3 op
void main() {
    const int R = p[1], I = p[2];
    const uint index = flatIndex();
    if (index >= uint(p[0] * I)) return;
    const int inner = int(index % uint(I)), outer = int(index / uint(I));
    const int base = outer * R * I + inner;
    float acc = p[3] == 2 ? -3.402823466e38 : (p[3] == 3 ? 3.402823466e38 : 0.0);
    for (int r = 0; r < R; r++) {
        const float v = float(x[base + r * I]);
        acc = p[3] == 2 ? max(acc, v) : (p[3] == 3 ? min(acc, v) : acc + v);
    }
    if (p[3] == 0) acc /= float(R);
    y[index] = T(acc);
}
