#version 450
#extension GL_GOOGLE_include_directive : require
// Data movement as one strided copy over up to 6 dimensions: every element of the iteration
// shape is read at srcBase + sum(i_d * srcStride_d) and written at dstBase + sum(i_d * dstStride_d).
// TRANSPOSE, SLICE, STRIDED_SLICE, CONCATENATION (one dispatch per input), DEPTH_TO_SPACE,
// SPACE_TO_DEPTH, SPLIT, PACK/UNPACK and TILE-free copies are all this with different strides.
#include "common.glsl"
layout(binding = 0) readonly buffer Input { T x[]; };
layout(binding = 3) writeonly buffer Output { T y[]; };
// p: 0 count, 1 srcBase, 2 dstBase, 3..8 dims, 9..14 src strides, 15..20 dst strides
void main() {
    const uint index = flatIndex();
    if (index >= uint(p[0])) return;
    int rest = int(index), src = p[1], dst = p[2];
    for (int d = 5; d >= 0; d--) {
        const int size = p[3 + d];
        const int coordinate = rest % size;
        rest /= size;
        src += coordinate * p[9 + d];
        dst += coordinate * p[15 + d];
    }
    y[dst] = x[src];
}
