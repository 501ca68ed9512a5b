#version 450
#extension GL_GOOGLE_include_directive : require
// FULLY_CONNECTED: y[b, n] = x[b, :] . w[n, :] + bias[n], accumulated in float32.
#include "common.glsl"
layout(binding = 0) readonly buffer Input { T x[]; };
layout(binding = 1) readonly buffer Weights { T w[]; };
layout(binding = 2) readonly buffer Bias { T b[]; };
layout(binding = 3) writeonly buffer Output { T y[]; };
// p: 0 batches, 1 K, 2 N, 3 activation, 4 hasBias
void main() {
    const int K = p[1], N = p[2];
    const uint index = flatIndex();
    if (index >= uint(p[0] * N)) return;
    const int n = int(index % uint(N)), row = int(index / uint(N));
    float acc = p[4] != 0 ? float(b[n]) : 0.0;
    for (int k = 0; k < K; k++) acc += float(x[row * K + k]) * float(w[n * K + k]);
    y[index] = T(activate(acc, p[3]));
}
