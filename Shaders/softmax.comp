#version 450
#extension GL_GOOGLE_include_directive : require
// SOFTMAX over the last axis (beta in p[2] as bits), one row per invocation, in float32.
// Specialization constant 1 (LOG): LOG_SOFTMAX.
#include "common.glsl"
layout(constant_id = 1) const bool LOG = false;
layout(binding = 0) readonly buffer Input { T x[]; };
layout(binding = 3) writeonly buffer Output { T y[]; };
// p: 0 rows, 1 columns, 2 beta bits
void main() {
    const int N = p[1];
    const uint row = flatIndex();
    if (row >= uint(p[0])) return;
    const int base = int(row) * N;
    const float beta = intBitsToFloat(p[2]);
    float top = -3.402823466e38;
    for (int i = 0; i < N; i++) top = max(top, float(x[base + i]));
    float sum = 0.0;
    for (int i = 0; i < N; i++) sum += exp((float(x[base + i]) - top) * beta);
    for (int i = 0; i < N; i++) {
        const float z = (float(x[base + i]) - top) * beta;
        y[base + i] = T(LOG ? z - log(sum) : exp(z) / sum);
    }
}
