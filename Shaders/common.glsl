// Shared by every QuantRT compute shader (included, never compiled alone).
//
// Precision variants come from defines set by scripts/compile_shaders.sh:
//   QRT_FP16_STORAGE  tensors are float16 in memory (else float32);
//   QRT_FP16_MATH     element-wise arithmetic in float16 (needs shaderFloat16).
// Dot products, window sums and reductions always accumulate in float32 (`float`),
// whatever the variant: a float16 accumulator loses digits after a few hundred terms.
#extension GL_EXT_control_flow_attributes : enable
#if defined(QRT_FP16_STORAGE)
#extension GL_EXT_shader_16bit_storage : require
#define T float16_t
#define T4 f16vec4
#else
#define T float
#define T4 vec4
#endif
#if defined(QRT_FP16_MATH)
#extension GL_EXT_shader_explicit_arithmetic_types_float16 : require
#define ARITH float16_t
#define ARITH4 f16vec4
#else
#define ARITH float
#define ARITH4 vec4
#endif

// Workgroup size: specialization constant 0 (64 unless the delegate says otherwise).
layout(local_size_x_id = 0) in;

// Every shader takes up to 32 integer parameters as push constants (128 bytes, the
// guaranteed minimum); floats travel as their bit patterns.
layout(push_constant) uniform Parameters { int p[32]; };

// The flat index of this invocation over a 2-D grid of workgroups (large tensors need more
// than the 65535 workgroups one dimension allows).
uint flatIndex() {
    return gl_GlobalInvocationID.x + gl_GlobalInvocationID.y * gl_NumWorkGroups.x * gl_WorkGroupSize.x;
}

// Fused activations (QuantRTCore.FusedActivation): 0 none, 1 relu, 2 relu_n1_to_1, 3 relu6, 4 tanh.
float activate(float x, int kind) {
    if (kind == 1) return max(x, 0.0);
    if (kind == 2) return clamp(x, -1.0, 1.0);
    if (kind == 3) return clamp(x, 0.0, 6.0);
    if (kind == 4) return tanh(x);
    return x;
}

vec4 activate4(vec4 x, int kind) {
    if (kind == 1) return max(x, vec4(0.0));
    if (kind == 2) return clamp(x, vec4(-1.0), vec4(1.0));
    if (kind == 3) return clamp(x, vec4(0.0), vec4(6.0));
    if (kind == 4) return tanh(x);
    return x;
}
