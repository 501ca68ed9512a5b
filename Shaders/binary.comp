#version 450
#extension GL_GOOGLE_include_directive : require
// Element-wise binary ops with broadcasting over up to 6 dimensions (a broadcast operand has
// stride 0 along the broadcast axes), then a fused activation.
// Ops: 0 add, 1 sub, 2 mul, 3 div, 4 maximum, 5 minimum, 6 squared difference, 7 prelu (b = alpha).
#include "common.glsl"
layout(binding = 0) readonly buffer A { T a[]; };
layout(binding = 1) readonly buffer B { T c[]; };
layout(binding = 3) writeonly buffer Output { T y[]; };
// p: 0 count, 1 op, 2 activation, 3..8 output dims, 9..14 a strides, 15..20 b strides
void main() {
    const uint index = flatIndex();
    if (index >= uint(p[0])) return;
    int rest = int(index), ia = 0, ib = 0;
    for (int d = 5; d >= 0; d--) {
        const int size = p[3 + d];
        const int coordinate = rest % size;
        rest /= size;
        ia += coordinate * p[9 + d];
        ib += coordinate * p[15 + d];
    }
    const ARITH u = ARITH(a[ia]), v = ARITH(c[ib]);
    ARITH r;
    switch (p[1]) {
    case 0: r = u + v; break;
    case 1: r = u - v; break;
    case 2: r = u * v; break;
    case 3: r = ARITH(float(u) / float(v)); break;
    case 4: r = max(u, v); break;
    case 5: r = min(u, v); break;
    case 6: r = (u - v) * (u - v); break;
    default: r = u >= ARITH(0) ? u : u * v; break;
    }
    y[index] = T(activate(float(r), p[2]));
}
