#version 450
#extension GL_GOOGLE_include_directive : require
// Element-wise activations and math functions. Ops: 0 relu, 1 relu6, 2 relu_n1_to_1,
// 3 leaky relu (alpha in p[2]), 4 logistic, 5 tanh, 6 hard swish, 7 gelu (exact),
// 8 gelu (tanh approximation), 9 exp, 10 log, 11 sqrt, 12 rsqrt, 13 neg, 14 abs, 15 square.
// Transcendentals evaluate in float32 even in the float16-math variant (exp overflows float16).
#include "common.glsl"
layout(binding = 0) readonly buffer Input { T x[]; };
layout(binding = 3) writeonly buffer Output { T y[]; };

// erf to ~1.5e-7 (Abramowitz & Stegun 7.1.26); GLSL has none.
float erfApprox(float v) {
    const float s = sign(v), a = abs(v);
    const float t = 1.0 / (1.0 + 0.3275911 * a);
    const float poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
    return s * (1.0 - poly * exp(-a * a));
}

// p: 0 count, 1 op, 2 alpha bits
void main() {
    const uint index = flatIndex();
    if (index >= uint(p[0])) return;
    const ARITH v = ARITH(x[index]);
    const float f = float(v);
    ARITH r;
    switch (p[1]) {
    case 0: r = max(v, ARITH(0)); break;
    case 1: r = clamp(v, ARITH(0), ARITH(6)); break;
    case 2: r = clamp(v, ARITH(-1), ARITH(1)); break;
    case 3: r = v >= ARITH(0) ? v : v * ARITH(intBitsToFloat(p[2])); break;
    case 4: r = ARITH(1.0 / (1.0 + exp(-f))); break;
    case 5: r = ARITH(tanh(f)); break;
    case 6: r = v * clamp(v + ARITH(3), ARITH(0), ARITH(6)) / ARITH(6); break;
    case 7: r = ARITH(0.5 * f * (1.0 + erfApprox(f * 0.70710678118654752))); break;
    case 8: r = ARITH(0.5 * f * (1.0 + tanh(0.7978845608028654 * (f + 0.044715 * f * f * f)))); break;
    case 9: r = ARITH(exp(f)); break;
    case 10: r = ARITH(log(f)); break;
    case 11: r = ARITH(sqrt(f)); break;
    case 12: r = ARITH(inversesqrt(f)); break;
    case 13: r = -v; break;
    case 14: r = abs(v); break;
    default: r = v * v; break;
    }
    y[index] = T(r);
}
