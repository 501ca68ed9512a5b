import QuantRTCore
import TestSupport
import XCTest

final class ReferenceDepthwiseConv2DTests: XCTestCase {
    func testEachChannelHasItsOwnFilter() throws {
        // 2x2 input with channels (1, 10), (2, 20), (3, 30), (4, 40); VALID 2x2 filter.
        let input = HostTensor(shape: [1, 2, 2, 2], floats: [1, 10, 2, 20, 3, 30, 4, 40])
        let filter = HostTensor(shape: [1, 2, 2, 2], floats: [1, 0, 1, 0, 1, 0, 1, 1])
        let out = try SpatialCheck.run(.depthwiseConv2D(DepthwiseConv2DAttributes(padding: .valid)),
                                       [(input, false), (filter, true), (HostTensor(shape: [2], floats: [0.5, -1]), true)],
                                       output: [1, 1, 1, 2])
        XCTAssertEqual(out, [10.5, 39])
    }

    func testDepthMultiplierOrdersOutputsByInputChannel() throws {
        // Output channel c·2 + m reads input channel c.
        let input = HostTensor(shape: [1, 1, 1, 2], floats: [2, 3])
        let filter = HostTensor(shape: [1, 1, 1, 4], floats: [1, 10, 100, 1000])
        let op = Op.depthwiseConv2D(DepthwiseConv2DAttributes(padding: .same, depthMultiplier: 2))
        let out = try SpatialCheck.run(op, [(input, false), (filter, true)], output: [1, 1, 1, 4])
        XCTAssertEqual(out, [2, 20, 300, 3000])
    }

    func testSamePaddingAndRelu6() throws {
        // Ones through a 3x3 filter of ones: corners see 4 cells, edges 6, the centre 9, which relu6 caps.
        let op = Op.depthwiseConv2D(DepthwiseConv2DAttributes(padding: .same, activation: .relu6))
        let out = try SpatialCheck.run(op, [(HostTensor(shape: [1, 3, 3, 1], floats: [Float](repeating: 1, count: 9)), false),
                                            (HostTensor(shape: [1, 3, 3, 1], floats: [Float](repeating: 1, count: 9)), true)],
                                       output: [1, 3, 3, 1])
        XCTAssertEqual(out, [4, 6, 4, 6, 6, 6, 4, 6, 4])
    }

    func testRandomShapesMatchNaiveDepthwiseConvolution() throws {
        var random = SpatialRandom(seed: 3)
        var checked = 0
        for trial in 0..<60 {
            let batches = random.int(1...2), height = random.int(1...9), width = random.int(1...9)
            let inDepth = random.int(1...9), multiplier = random.pick([1, 1, 2, 3])
            let outDepth = inDepth * multiplier
            let fh = random.int(1...4), fw = random.int(1...4)
            let attributes = DepthwiseConv2DAttributes(padding: random.pick([.same, .valid]), strideH: random.int(1...3), strideW: random.int(1...3),
                                                       dilationH: random.int(1...3), dilationW: random.int(1...3), depthMultiplier: multiplier,
                                                       activation: random.pick(SpatialCheck.activations))
            let wy = SpatialCheck.window(attributes.padding, input: height, filter: fh, stride: attributes.strideH, dilation: attributes.dilationH)
            let wx = SpatialCheck.window(attributes.padding, input: width, filter: fw, stride: attributes.strideW, dilation: attributes.dilationW)
            guard wy.size > 0 && wx.size > 0 else { continue }
            let x = random.floats(batches * height * width * inDepth)
            let w = random.floats(fh * fw * outDepth)
            let bias = random.bool() ? random.floats(outDepth) : nil

            var expected: [Double] = []
            for n in 0..<batches {
                for oy in 0..<wy.size {
                    for ox in 0..<wx.size {
                        for oc in 0..<outDepth {
                            let ic = oc / multiplier
                            var sum = Double(bias?[oc] ?? 0)
                            for fy in 0..<fh {
                                for fx in 0..<fw {
                                    let iy = oy * attributes.strideH - wy.padBefore + fy * attributes.dilationH
                                    let ix = ox * attributes.strideW - wx.padBefore + fx * attributes.dilationW
                                    if iy < 0 || iy >= height || ix < 0 || ix >= width { continue }
                                    sum += Double(x[((n * height + iy) * width + ix) * inDepth + ic]) * Double(w[(fy * fw + fx) * outDepth + oc])
                                }
                            }
                            expected.append(SpatialCheck.activate(sum, attributes.activation))
                        }
                    }
                }
            }
            var inputs: [(HostTensor, constant: Bool)] = [(HostTensor(shape: [batches, height, width, inDepth], floats: x), false),
                                                          (HostTensor(shape: [1, fh, fw, outDepth], floats: w), random.bool())]
            if let bias { inputs.append((HostTensor(shape: [outDepth], floats: bias), random.bool())) }
            let out = try SpatialCheck.run(.depthwiseConv2D(attributes), inputs, output: [batches, wy.size, wx.size, outDepth])
            SpatialCheck.assertClose(out, expected, "trial \(trial): \(attributes), in \([batches, height, width, inDepth]), filter \([1, fh, fw, outDepth])")
            checked += 1
        }
        XCTAssertGreaterThan(checked, 40)
    }

    func testChannelMismatchAndWrongOutputAreInvalid() {
        let op = Op.depthwiseConv2D(DepthwiseConv2DAttributes(padding: .valid))
        SpatialCheck.assertInvalid(["DEPTHWISE_CONV_2D", "filter", "5 channels", "depth 2"]) {
            _ = try SpatialCheck.run(op, [(HostTensor(shape: [1, 1, 1, 2], floats: [1, 2]), false),
                                          (HostTensor(shape: [1, 1, 1, 5], floats: [1, 2, 3, 4, 5]), true)], output: [1, 1, 1, 5])
        }
        SpatialCheck.assertInvalid(["DEPTHWISE_CONV_2D", "out0", "[1,1,1,2]"]) {
            _ = try SpatialCheck.run(op, [(HostTensor(shape: [1, 1, 1, 2], floats: [1, 2]), false),
                                          (HostTensor(shape: [1, 1, 1, 2], floats: [1, 2]), true)], output: [1, 1, 1, 4])
        }
    }

    func testQuantizedInputIsUnsupported() {
        let op = Op.depthwiseConv2D(DepthwiseConv2DAttributes(padding: .valid))
        // The integer kernels take int8 and int16 (the TFLite int8 spec); uint8 is refused by name.
        SpatialCheck.assertUnsupported(["DEPTHWISE_CONV_2D with uint8 input", "takes int16, int8"]) {
            _ = try KernelHarness.reference(op, inputs: [(HostTensor(zeros: .uint8, shape: [1, 1, 1, 2]), false),
                                                         (HostTensor(zeros: .uint8, shape: [1, 1, 1, 2]), true)],
                                            outputs: [(.uint8, [1, 1, 1, 2])])
        }
    }
}
