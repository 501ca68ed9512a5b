#version 450
#extension GL_GOOGLE_include_directive : require
// BATCH_MATMUL: y[b, m, n] = sum_k a[b, m, k] * c[b, k, n], the strides carry the adjoints
// and a broadcast batch (stride 0). Accumulates in float32.
#include "common.glsl"
layout(binding = 0) readonly buffer A { T a[]; };
layout(binding = 1) readonly buffer B { T c[]; };
layout(binding = 3) writeonly buffer Output { T y[]; };
// p: 0 batches, 1 M, 2 N, 3 K, 4 aBatch, 5 aRow (m), 6 aCol (k), 7 bBatch, 8 bRow (k), 9 bCol (n)
void main() {
    const int M = p[1], N = p[2], K = p[3];
    const uint index = flatIndex();
    if (index >= uint(p[0] * M * N)) return;
    const int n = int(index % uint(N)), m = int((index / uint(N)) % uint(M)), batch = int(index / uint(M * N));
    const int aBase = batch * p[4] + m * p[5], bBase = batch * p[7] + n * p[9];
    float acc = 0.0;
    for (int k = 0; k < K; k++) acc += float(a[aBase + k * p[6]]) * float(c[bBase + k * p[8]]);
    y[index] = T(acc);
}
