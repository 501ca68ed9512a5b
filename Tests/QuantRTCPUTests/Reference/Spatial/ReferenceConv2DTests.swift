import QuantRTCore
import TestSupport
import XCTest

final class ReferenceConv2DTests: XCTestCase {
    private let image: [Float] = [1, 2, 3, 4, 5, 6, 7, 8, 9]

    func testValidTwoByTwoWithBias() throws {
        let op = Op.conv2D(Conv2DAttributes(padding: .valid))
        let out = try SpatialCheck.run(op, [(HostTensor(shape: [1, 3, 3, 1], floats: image), false),
                                            (HostTensor(shape: [1, 2, 2, 1], floats: [1, 0, 0, 1]), true),
                                            (HostTensor(shape: [1], floats: [0.5]), true)], output: [1, 2, 2, 1])
        XCTAssertEqual(out, [6.5, 8.5, 12.5, 14.5])
    }

    func testSameThreeByThreeSumsNeighbourhoods() throws {
        let op = Op.conv2D(Conv2DAttributes(padding: .same))
        let out = try SpatialCheck.run(op, [(HostTensor(shape: [1, 3, 3, 1], floats: image), false),
                                            (HostTensor(shape: [1, 3, 3, 1], floats: [Float](repeating: 1, count: 9)), true)],
                                       output: [1, 3, 3, 1])
        XCTAssertEqual(out, [12, 21, 16, 27, 45, 33, 24, 39, 28])
    }

    func testSameOddPaddingGoesAfter() throws {
        // Width 4, filter 2, stride 1: one padding cell, which TFLite puts at the end.
        let op = Op.conv2D(Conv2DAttributes(padding: .same))
        let out = try SpatialCheck.run(op, [(HostTensor(shape: [1, 1, 4, 1], floats: [1, 2, 3, 4]), false),
                                            (HostTensor(shape: [1, 1, 2, 1], floats: [1, 1]), true)], output: [1, 1, 4, 1])
        XCTAssertEqual(out, [3, 5, 7, 4])
    }

    func testStrideDilationAndTwoOutputChannels() throws {
        // 5x5 ramp, 2x2 filter dilated by 2, stride 2, VALID: taps at (y, x), (y, x+2), (y+2, x), (y+2, x+2).
        let ramp = (0..<25).map(Float.init)
        let op = Op.conv2D(Conv2DAttributes(padding: .valid, strideH: 2, strideW: 2, dilationH: 2, dilationW: 2))
        let out = try SpatialCheck.run(op, [(HostTensor(shape: [1, 5, 5, 1], floats: ramp), false),
                                            (HostTensor(shape: [2, 2, 2, 1], floats: [1, 0, 0, 0, 0, 0, 0, 1]), true)],
                                       output: [1, 2, 2, 2])
        XCTAssertEqual(out, [0, 12, 2, 14, 10, 22, 12, 24])
    }

    func testFusedActivations() throws {
        let input = HostTensor(shape: [1, 1, 1, 2], floats: [1, 2])
        let filter = HostTensor(shape: [4, 1, 1, 2], floats: [3, 1, -3, -1, 0.25, 0, -0.1, 0])
        let cases: [(FusedActivation, [Float])] = [
            (.none, [5, -5, 0.25, -0.1]),
            (.relu, [5, 0, 0.25, 0]),
            (.relu6, [5, 0, 0.25, 0]),
            (.reluN1To1, [1, -1, 0.25, -0.1]),
            (.tanh, [tanh(5), tanh(-5), tanh(0.25), tanh(-0.1)]),
        ]
        for (activation, expected) in cases {
            let op = Op.conv2D(Conv2DAttributes(padding: .valid, activation: activation))
            let out = try SpatialCheck.run(op, [(input, false), (filter, true)], output: [1, 1, 1, 4])
            SpatialCheck.assertClose(out, expected, "\(activation)")
        }
        let op = Op.conv2D(Conv2DAttributes(padding: .valid, activation: .relu6))
        let big = try SpatialCheck.run(op, [(input, false), (HostTensor(shape: [1, 1, 1, 2], floats: [10, 0]), true)], output: [1, 1, 1, 1])
        XCTAssertEqual(big, [6])
    }

    func testRandomShapesMatchNaiveConvolution() throws {
        var random = SpatialRandom(seed: 2)
        var checked = 0
        for trial in 0..<60 {
            let batches = random.int(1...2), height = random.int(1...9), width = random.int(1...9)
            let groups = random.pick([1, 1, 1, 2, 3])
            let filterDepth = random.int(1...5), perGroup = random.int(1...6)
            let inDepth = filterDepth * groups, outDepth = perGroup * groups
            let fh = random.int(1...4), fw = random.int(1...4)
            let attributes = Conv2DAttributes(padding: random.pick([.same, .valid]), strideH: random.int(1...3), strideW: random.int(1...3),
                                              dilationH: random.int(1...3), dilationW: random.int(1...3),
                                              activation: random.pick(SpatialCheck.activations))
            let wy = SpatialCheck.window(attributes.padding, input: height, filter: fh, stride: attributes.strideH, dilation: attributes.dilationH)
            let wx = SpatialCheck.window(attributes.padding, input: width, filter: fw, stride: attributes.strideW, dilation: attributes.dilationW)
            guard wy.size > 0 && wx.size > 0 else { continue }
            let x = random.floats(batches * height * width * inDepth)
            let w = random.floats(outDepth * fh * fw * filterDepth)
            let bias = random.bool() ? random.floats(outDepth) : nil

            var expected: [Double] = []
            for n in 0..<batches {
                for oy in 0..<wy.size {
                    for ox in 0..<wx.size {
                        for oc in 0..<outDepth {
                            let group = oc / perGroup
                            var sum = Double(bias?[oc] ?? 0)
                            for fy in 0..<fh {
                                for fx in 0..<fw {
                                    let iy = oy * attributes.strideH - wy.padBefore + fy * attributes.dilationH
                                    let ix = ox * attributes.strideW - wx.padBefore + fx * attributes.dilationW
                                    if iy < 0 || iy >= height || ix < 0 || ix >= width { continue }
                                    for ic in 0..<filterDepth {
                                        let xv = x[((n * height + iy) * width + ix) * inDepth + group * filterDepth + ic]
                                        let wv = w[((oc * fh + fy) * fw + fx) * filterDepth + ic]
                                        sum += Double(xv) * Double(wv)
                                    }
                                }
                            }
                            expected.append(SpatialCheck.activate(sum, attributes.activation))
                        }
                    }
                }
            }
            var inputs: [(HostTensor, constant: Bool)] = [(HostTensor(shape: [batches, height, width, inDepth], floats: x), false),
                                                          (HostTensor(shape: [outDepth, fh, fw, filterDepth], floats: w), random.bool())]
            if let bias { inputs.append((HostTensor(shape: [outDepth], floats: bias), random.bool())) }
            let out = try SpatialCheck.run(.conv2D(attributes), inputs, output: [batches, wy.size, wx.size, outDepth])
            SpatialCheck.assertClose(out, expected, "trial \(trial): \(attributes), in \([batches, height, width, inDepth]), filter \([outDepth, fh, fw, filterDepth])")
            checked += 1
        }
        XCTAssertGreaterThan(checked, 40)
    }

    func testWrongOutputShapeIsInvalid() {
        let op = Op.conv2D(Conv2DAttributes(padding: .valid))
        SpatialCheck.assertInvalid(["CONV_2D", "out0", "[1,2,2,1]", "[1,3,3,1]"]) {
            _ = try SpatialCheck.run(op, [(HostTensor(shape: [1, 3, 3, 1], floats: image), false),
                                          (HostTensor(shape: [1, 2, 2, 1], floats: [1, 0, 0, 1]), true)], output: [1, 3, 3, 1])
        }
    }

    func testMismatchedFilterDepthAndBiasAreInvalid() {
        let op = Op.conv2D(Conv2DAttributes(padding: .valid))
        SpatialCheck.assertInvalid(["CONV_2D", "filter", "input depth 2"]) {
            _ = try SpatialCheck.run(op, [(HostTensor(shape: [1, 3, 3, 3], floats: [Float](repeating: 1, count: 27)), false),
                                          (HostTensor(shape: [1, 1, 1, 2], floats: [1, 1]), true)], output: [1, 3, 3, 1])
        }
        SpatialCheck.assertInvalid(["CONV_2D", "bias", "1 elements"]) {
            _ = try SpatialCheck.run(op, [(HostTensor(shape: [1, 1, 1, 1], floats: [1]), false),
                                          (HostTensor(shape: [1, 1, 1, 1], floats: [1]), true),
                                          (HostTensor(shape: [2], floats: [1, 2]), true)], output: [1, 1, 1, 1])
        }
    }

    func testQuantizedAndFloat16TensorsAreUnsupported() {
        let op = Op.conv2D(Conv2DAttributes(padding: .valid))
        // Quantized int8 convolution runs on the integer kernels (checked in Int8KernelTests).
        XCTAssertNoThrow(
            try KernelHarness.reference(op, inputs: [(SpatialCheck.int8Tensor([1, 2, 2, 1]), false),
                                                         (SpatialCheck.int8Tensor([1, 1, 1, 1]), true)],
                                            outputs: [(.int8, [1, 2, 2, 1])],
                                            quantization: [0: Quantization(scales: [0.5], zeroPoints: [0]), 1: Quantization(scales: [0.5], zeroPoints: [0]),
                                                           2: Quantization(scales: [0.5], zeroPoints: [0])]))
        // Float input with int8 weights is dynamic-range: the weights need their scales.
        SpatialCheck.assertInvalid(["CONV_2D", "needs a scale"]) {
            _ = try SpatialCheck.run(op, [(HostTensor(shape: [1, 2, 2, 1], floats: [1, 2, 3, 4]), false),
                                          (SpatialCheck.int8Tensor([1, 1, 1, 1]), true)], output: [1, 2, 2, 1])
        }
        SpatialCheck.assertUnsupported(["CONV_2D with float16 filter"]) {
            _ = try SpatialCheck.run(op, [(HostTensor(shape: [1, 2, 2, 1], floats: [1, 2, 3, 4]), false),
                                          (SpatialCheck.float16Tensor([1, 1, 1, 1]), true)], output: [1, 2, 2, 1])
        }
    }
}
