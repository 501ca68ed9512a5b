#version 450
#extension GL_GOOGLE_include_directive : require
// FULLY_CONNECTED: y[b, n] = x[b, :] . w[n, :] + bias[n], accumulated in float32.
// Each invocation computes four outputs of one row, so every input value loaded feeds four
// multiply-adds; specialization constant 1 (VEC4: K a multiple of 4) reads K four at a time.
#include "common.glsl"
layout(constant_id = 1) const bool VEC4 = false;
layout(binding = 0) readonly buffer Input { T x[]; };
layout(binding = 0) readonly buffer Input4 { T4 x4[]; };
layout(binding = 1) readonly buffer Weights { T w[]; };
layout(binding = 1) readonly buffer Weights4 { T4 w4[]; };
layout(binding = 2) readonly buffer Bias { T b[]; };
layout(binding = 3) writeonly buffer Output { T y[]; };
// p: 0 batches, 1 K, 2 N, 3 activation, 4 hasBias
void main() {
    const int K = p[1], N = p[2];
    const int groups = (N + 3) / 4;
    const uint index = flatIndex();
    if (index >= uint(p[0] * groups)) return;
    const int n0 = int(index % uint(groups)) * 4, row = int(index / uint(groups));
    int rows[4];
    [[unroll]] for (int i = 0; i < 4; i++) rows[i] = min(n0 + i, N - 1) * K;
    vec4 acc = vec4(0.0);
    if (VEC4) {
        for (int k = 0; k < K; k += 4) {
            const vec4 v = vec4(x4[(row * K + k) >> 2]);
            [[unroll]] for (int i = 0; i < 4; i++) acc[i] += dot(v, vec4(w4[(rows[i] + k) >> 2]));
        }
    } else {
        for (int k = 0; k < K; k++) {
            const float v = float(x[row * K + k]);
            [[unroll]] for (int i = 0; i < 4; i++) acc[i] += v * float(w[rows[i] + k]);
        }
    }
    [[unroll]] for (int i = 0; i < 4; i++) {
        if (n0 + i < N) y[row * N + n0 + i] = T(activate(acc[i] + (p[4] != 0 ? float(b[n0 + i]) : 0.0), p[3]));
    }
}
