#version 450
#extension GL_GOOGLE_include_directive : require
// Element-wise binary ops with broadcasting, then a fused activation.
// Ops: 0 add, 1 sub, 2 mul, 3 div, 4 maximum, 5 minimum, 6 squared difference, 7 prelu (b = alpha).
// Specialization constant 1 (MODE) picks the indexing, cheapest first:
//   1: both operands have the output's shape;  2: b repeats along the output (its shape is a
//   suffix of the output's: a per-channel alpha or bias, a scalar);  3: the same with a and b
//   swapped;  0: general broadcasting over up to 6 dimensions (stride 0 on broadcast axes).
// Specialization constant 2 (VEC4): four elements per invocation (counts a multiple of 4).
#include "common.glsl"
layout(constant_id = 1) const int MODE = 0;
layout(constant_id = 2) const bool VEC4 = false;
layout(binding = 0) readonly buffer A { T a[]; };
layout(binding = 0) readonly buffer A4 { T4 a4[]; };
layout(binding = 1) readonly buffer B { T c[]; };
layout(binding = 1) readonly buffer B4 { T4 c4[]; };
layout(binding = 3) writeonly buffer Output { T y[]; };
layout(binding = 3) writeonly buffer Output4 { T4 y4[]; };
// p: 0 count, 1 op, 2 activation, 3..8 output dims, 9..14 a strides, 15..20 b strides,
//    21 repeated operand's element count (modes 2 and 3)

ARITH4 apply(ARITH4 u, ARITH4 v) {
    switch (p[1]) {
    case 0: return u + v;
    case 1: return u - v;
    case 2: return u * v;
    case 3: return ARITH4(vec4(u) / vec4(v));
    case 4: return max(u, v);
    case 5: return min(u, v);
    case 6: return (u - v) * (u - v);
    default: return mix(u * v, u, greaterThanEqual(u, ARITH4(0)));
    }
}

void main() {
    const uint index = flatIndex();
    if (VEC4) {
        if (index >= uint(p[0] / 4)) return;
        const int i = int(index);
        const int ia = MODE == 3 ? i % (p[21] / 4) : i;
        const int ib = MODE == 2 ? i % (p[21] / 4) : i;
        y4[i] = T4(activate4(vec4(apply(ARITH4(a4[ia]), ARITH4(c4[ib]))), p[2]));
        return;
    }
    if (index >= uint(p[0])) return;
    int ia = int(index), ib = int(index);
    if (MODE == 2) ib = int(index % uint(p[21]));
    if (MODE == 3) ia = int(index % uint(p[21]));
    if (MODE == 0) {
        int rest = int(index);
        ia = 0; ib = 0;
        for (int d = 5; d >= 0; d--) {
            const int size = p[3 + d];
            const int coordinate = rest % size;
            rest /= size;
            ia += coordinate * p[9 + d];
            ib += coordinate * p[15 + d];
        }
    }
    y[index] = T(activate(float(apply(ARITH4(ARITH(a[ia])), ARITH4(ARITH(c[ib]))).x), p[2]));
}
