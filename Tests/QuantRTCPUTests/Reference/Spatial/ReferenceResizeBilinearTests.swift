import QuantRTCPU
import QuantRTCore
import TestSupport
import XCTest

final class ReferenceResizeBilinearTests: XCTestCase {
    private let square = HostTensor(shape: [1, 2, 2, 1], floats: [1, 2, 3, 4])
    private let row = HostTensor(shape: [1, 1, 2, 1], floats: [1, 2])

    private func resize(_ input: HostTensor, to size: [Int32], _ attributes: ResizeAttributes = ResizeAttributes(), sizeIsConstant: Bool = true) throws -> [Float] {
        let shape = input.shape
        return try SpatialCheck.run(.resizeBilinear(attributes), [(input, false), (SpatialCheck.int32Tensor(size), sizeIsConstant)],
                                    output: [shape[0], Int(size[0]), Int(size[1]), shape[3]])
    }

    func testAlignCornersKeepsCornerValues() throws {
        XCTAssertEqual(try resize(square, to: [3, 3], ResizeAttributes(alignCorners: true)), [1, 1.5, 2, 2, 2.5, 3, 3, 3.5, 4])
    }

    func testDefaultScalingClampsAtTheEnd() throws {
        // Source x = 0, 0.5, 1, 1.5; the last clamps to the final pixel.
        XCTAssertEqual(try resize(row, to: [1, 4]), [1, 1.5, 2, 2])
    }

    func testHalfPixelCentersShiftByHalfAPixel() throws {
        // Source x = -0.25, 0.25, 0.75, 1.25, clamped to the edge pixels.
        XCTAssertEqual(try resize(row, to: [1, 4], ResizeAttributes(halfPixelCenters: true)), [1, 1.25, 1.75, 2])
    }

    func testDownscaleAndChannels() throws {
        // 1x4 → 1x2 samples x = 0 and 2; channels interpolate independently.
        let input = HostTensor(shape: [1, 1, 4, 2], floats: [0, 10, 1, 11, 2, 12, 3, 13])
        XCTAssertEqual(try resize(input, to: [1, 2]), [0, 10, 2, 12])
    }

    func testRandomShapesMatchTFLiteFormulas() throws {
        var random = SpatialRandom(seed: 9)
        for trial in 0..<60 {
            let (batches, height, width, depth) = (random.int(1...2), random.int(1...6), random.int(1...6), random.int(1...5))
            let (outH, outW) = (random.int(1...11), random.int(1...11))
            let attributes = random.pick([ResizeAttributes(), ResizeAttributes(alignCorners: true), ResizeAttributes(halfPixelCenters: true)])
            let x = random.floats(batches * height * width * depth)
            // Source coordinates in float32, as TFLite computes them; the blend itself in double.
            func source(_ index: Int, _ input: Int, _ output: Int) -> (Int, Int, Double) {
                let scale: Float = attributes.alignCorners && output > 1 ? Float(input - 1) / Float(output - 1) : Float(input) / Float(output)
                let position: Float = attributes.halfPixelCenters ? (Float(index) + 0.5) * scale - 0.5 : Float(index) * scale
                let low = max(0, Int(position.rounded(.down)))
                return (low, min(input - 1, Int(position.rounded(.up))), Double(position) - Double(low))
            }
            var expected: [Double] = []
            for n in 0..<batches {
                for oy in 0..<outH {
                    let (y0, y1, dy) = source(oy, height, outH)
                    for ox in 0..<outW {
                        let (x0, x1, dx) = source(ox, width, outW)
                        for c in 0..<depth {
                            func at(_ y: Int, _ xi: Int) -> Double { Double(x[((n * height + y) * width + xi) * depth + c]) }
                            let top = at(y0, x0) * (1 - dx) + at(y0, x1) * dx
                            let bottom = at(y1, x0) * (1 - dx) + at(y1, x1) * dx
                            expected.append(top * (1 - dy) + bottom * dy)
                        }
                    }
                }
            }
            let out = try resize(HostTensor(shape: [batches, height, width, depth], floats: x), to: [Int32(outH), Int32(outW)], attributes,
                                 sizeIsConstant: random.bool())
            SpatialCheck.assertClose(out, expected, "trial \(trial): \([batches, height, width, depth]) → \(outH)x\(outW), \(attributes)")
        }
    }

    func testInvalidAttributesAndShapes() {
        SpatialCheck.assertInvalid(["RESIZE_BILINEAR", "align_corners", "half_pixel_centers"]) {
            _ = try resize(square, to: [3, 3], ResizeAttributes(alignCorners: true, halfPixelCenters: true))
        }
        SpatialCheck.assertInvalid(["RESIZE_BILINEAR", "out0", "[1,3,3,1]", "[1,4,4,1]"]) {
            _ = try SpatialCheck.run(.resizeBilinear(ResizeAttributes()), [(square, false), (SpatialCheck.int32Tensor([3, 3]), true)], output: [1, 4, 4, 1])
        }
    }

    func testRunTimeSizeMustMatchTheOutput() {
        let graph = KernelHarness.graph(op: .resizeBilinear(ResizeAttributes()), inputs: [(square, false), (SpatialCheck.int32Tensor([3, 3]), false)],
                                        outputs: [(.float32, [1, 3, 3, 1])])
        XCTAssertThrowsError(try KernelHarness.run(graph, inputs: [square, SpatialCheck.int32Tensor([3, 4])], factory: SpatialCheck.factory(.resizeBilinear))) {
            XCTAssertEqual($0 as? KernelError, .invalidData("RESIZE_BILINEAR: the size tensor holds [3,4], the output is 3x3"))
        }
    }

    func testUnquantizedInt8InputIsInvalid() {
        // int8 tensors go to the integer kernel, which needs their quantization.
        SpatialCheck.assertInvalid(["RESIZE_BILINEAR", "per-tensor quantization"]) {
            _ = try KernelHarness.reference(.resizeBilinear(ResizeAttributes()), inputs: [(SpatialCheck.int8Tensor([1, 2, 2, 1]), false),
                                                                                        (SpatialCheck.int32Tensor([3, 3]), true)],
                                            outputs: [(.int8, [1, 3, 3, 1])])
        }
    }
}
