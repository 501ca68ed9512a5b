import QuantRTCore
import TestSupport
import XCTest

/// Convolutions, pooling, resizing on the GPU against the reference kernels, random shapes
/// with odd channel counts, at every precision.
final class GPUSpatialOpTests: XCTestCase {
    static func window(_ size: Int, _ kernel: Int, _ stride: Int, _ dilation: Int, _ padding: Padding) -> Int {
        let effective = (kernel - 1) * dilation + 1
        return padding == .same ? (size + stride - 1) / stride : (size - effective + stride) / stride
    }

    static func activation(_ r: inout TestRandom) -> FusedActivation { [.none, .relu, .relu6, .reluN1To1, .tanh][r.int(0...4)] }

    func testConv2DGeneral() throws {
        try GPUOpHarness.check(seeds: 4) { r in
            let (c, o, k, s, d) = (r.int(1...9), r.int(1...19), r.int(1...3), r.int(1...2), r.int(1...2))
            let (h, w) = (r.int((k - 1) * d + 1...11), r.int((k - 1) * d + 1...11))
            let p: Padding = r.int(0...1) == 0 ? .same : .valid
            let a = Conv2DAttributes(padding: p, strideH: s, strideW: s, dilationH: d, dilationW: d, activation: Self.activation(&r))
            let weights: GPUOpCase.Operand = r.int(0...1) == 0 ? .constant([o, k, k, c]) : .float16Constant([o, k, k, c])
            return GPUOpCase(name: "CONV_2D \(h)x\(w)x\(c)→\(o) k\(k) s\(s) d\(d) \(p)", op: .conv2D(a),
                             operands: [.input([1, h, w, c]), weights, .constant([o])],
                             output: [1, Self.window(h, k, s, d, p), Self.window(w, k, s, d, p), o])
        }
    }

    func testConv2DPointwiseVectorised() throws {
        // 1x1 GEMM path, channels a multiple of 4 (vec4 loads), pixel counts not a multiple of 4.
        try GPUOpHarness.check(seeds: 3) { r in
            let (c, o, h, w, n) = (4 * r.int(1...6), r.int(1...21), r.int(1...7), r.int(1...7), r.int(1...2))
            return GPUOpCase(name: "CONV_2D 1x1 \(n)x\(h)x\(w)x\(c)→\(o)", op: .conv2D(Conv2DAttributes(padding: .same)),
                             operands: [.input([n, h, w, c]), .float16Constant([o, 1, 1, c]), .constant([o])], output: [n, h, w, o])
        }
    }

    func testConv2DWithoutBias() throws {
        try GPUOpHarness.check(seeds: 2) { r in
            let (c, o) = (r.int(1...8), r.int(1...9))
            return GPUOpCase(name: "CONV_2D no bias", op: .conv2D(Conv2DAttributes(padding: .valid, strideH: 2, strideW: 1)),
                             operands: [.input([1, 7, 6, c]), .constant([o, 3, 2, c])], output: [1, 3, 5, o])
        }
    }

    func testDepthwiseConv2D() throws {
        try GPUOpHarness.check(seeds: 4) { r in
            let (c, m, k, s, d) = (r.int(1...9), r.int(1...2), r.int(1...5), r.int(1...2), r.int(1...2))
            let (h, w) = (r.int((k - 1) * d + 1...12), r.int((k - 1) * d + 1...12))
            let p: Padding = r.int(0...1) == 0 ? .same : .valid
            let a = DepthwiseConv2DAttributes(padding: p, strideH: s, strideW: s, dilationH: d, dilationW: d, depthMultiplier: m,
                                              activation: Self.activation(&r))
            return GPUOpCase(name: "DEPTHWISE_CONV_2D \(h)x\(w)x\(c)*\(m) k\(k) s\(s) d\(d) \(p)", op: .depthwiseConv2D(a),
                             operands: [.input([1, h, w, c]), .float16Constant([1, k, k, c * m]), .constant([c * m])],
                             output: [1, Self.window(h, k, s, d, p), Self.window(w, k, s, d, p), c * m])
        }
    }

    func testDepthwiseConv2DStrips() throws {
        // The strip path: channels a multiple of 4, multiplier 1; widths not a multiple of the strip.
        try GPUOpHarness.check(seeds: 4) { r in
            let (c, k, s, dh) = (4 * r.int(1...5), r.int(1...5), r.int(1...2), r.int(1...2))
            let (h, w) = (r.int((k - 1) * dh + 1...11), r.int(k...13))
            let p: Padding = r.int(0...1) == 0 ? .same : .valid
            let a = DepthwiseConv2DAttributes(padding: p, strideH: s, strideW: s, dilationH: dh, dilationW: 1, activation: Self.activation(&r))
            let bias: [GPUOpCase.Operand] = r.int(0...2) == 0 ? [] : [.constant([c])]
            return GPUOpCase(name: "DEPTHWISE_CONV_2D strips \(h)x\(w)x\(c) k\(k) s\(s) dh\(dh) \(p)", op: .depthwiseConv2D(a),
                             operands: [.input([1, h, w, c]), .float16Constant([1, k, k, c])] + bias,
                             output: [1, Self.window(h, k, s, dh, p), Self.window(w, k, s, 1, p), c])
        }
    }

    func testTransposeConv() throws {
        try GPUOpHarness.check(seeds: 4) { r in
            let (c, o, k, s) = (r.int(1...5), r.int(1...7), r.int(1...4), r.int(1...2))
            let (oh, ow) = (r.int(k...10), r.int(k...10))
            let p: Padding = r.int(0...1) == 0 ? .same : .valid
            let (h, w) = (Self.window(oh, k, s, 1, p), Self.window(ow, k, s, 1, p))
            let operands: [GPUOpCase.Operand] = [.ints([4], [1, Int32(oh), Int32(ow), Int32(o)]), .constant([o, k, k, c]), .input([1, h, w, c])]
                + (r.int(0...1) == 0 ? [.constant([o])] : [])
            return GPUOpCase(name: "TRANSPOSE_CONV \(h)x\(w)x\(c)→\(oh)x\(ow)x\(o) k\(k) s\(s) \(p)",
                             op: .transposeConv(TransposeConvAttributes(padding: p, strideH: s, strideW: s)),
                             operands: operands, output: [1, oh, ow, o])
        }
    }

    func testPooling() throws {
        try GPUOpHarness.check(seeds: 4) { r in
            let (c, f, s) = (r.int(1...7), r.int(1...3), r.int(1...2))
            let (h, w) = (r.int(f...9), r.int(f...9))
            let p: Padding = r.int(0...1) == 0 ? .same : .valid
            let a = Pool2DAttributes(padding: p, strideH: s, strideW: s, filterH: f, filterW: f, activation: Self.activation(&r))
            let average = r.int(0...1) == 0
            return GPUOpCase(name: "\(average ? "AVERAGE" : "MAX")_POOL_2D \(h)x\(w)x\(c) f\(f) s\(s) \(p)",
                             op: average ? .averagePool2D(a) : .maxPool2D(a),
                             operands: [.input([1, h, w, c])], output: [1, Self.window(h, f, s, 1, p), Self.window(w, f, s, 1, p), c])
        }
    }

    func testResize() throws {
        try GPUOpHarness.check(seeds: 6) { r in
            let (h, w, c) = (r.int(1...6), r.int(1...6), r.int(1...5))
            let (oh, ow) = (r.int(1...13), r.int(1...13))
            let align = r.int(0...1) == 0
            let a = ResizeAttributes(alignCorners: align, halfPixelCenters: !align && r.int(0...1) == 0)
            let nearest = r.int(0...1) == 0
            return GPUOpCase(name: "RESIZE \(nearest ? "nearest" : "bilinear") \(h)x\(w)→\(oh)x\(ow) \(a)",
                             op: nearest ? .resizeNearestNeighbor(a) : .resizeBilinear(a),
                             operands: [.input([1, h, w, c]), .ints([2], [Int32(oh), Int32(ow)])], output: [1, oh, ow, c])
        }
    }

    func testDepthToSpace() throws {
        try GPUOpHarness.check(seeds: 3) { r in
            let (h, w, c, b) = (r.int(1...5), r.int(1...5), r.int(1...3), r.int(2...3))
            return GPUOpCase(name: "DEPTH_TO_SPACE", op: .depthToSpace(blockSize: b), operands: [.input([1, h, w, c * b * b])],
                             output: [1, h * b, w * b, c])
        }
    }
}
