#version 450
#extension GL_GOOGLE_include_directive : require
// Staging at partition boundaries: float32 host values to the tensor precision (p[1] = 0),
// or back (p[1] = 1). The staging buffer is always float32.
#include "common.glsl"
layout(binding = 0) buffer Staging { float s[]; };
layout(binding = 3) buffer Tensor { T t[]; };
// p: 0 count, 1 direction, 2 staging offset (elements), 3 tensor offset (elements)
void main() {
    const uint index = flatIndex();
    if (index >= uint(p[0])) return;
    if (p[1] == 0) t[p[3] + index] = T(s[p[2] + index]);
    else s[p[2] + index] = float(t[p[3] + index]);
}
