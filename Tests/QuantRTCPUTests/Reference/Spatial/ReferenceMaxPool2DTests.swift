import QuantRTCore
import TestSupport
import XCTest

final class ReferenceMaxPool2DTests: XCTestCase {
    func testPaddingNeverWins() throws {
        // All inputs negative: if padded cells counted as zeros the border maxima would be 0.
        let input = HostTensor(shape: [1, 3, 3, 1], floats: [-1, -2, -3, -4, -5, -6, -7, -8, -9])
        let op = Op.maxPool2D(Pool2DAttributes(padding: .same, strideH: 2, strideW: 2, filterH: 2, filterW: 2))
        XCTAssertEqual(try SpatialCheck.run(op, [(input, false)], output: [1, 2, 2, 1]), [-1, -3, -7, -9])
        let wide = Op.maxPool2D(Pool2DAttributes(padding: .same, strideH: 1, strideW: 1, filterH: 3, filterW: 3))
        XCTAssertEqual(try SpatialCheck.run(wide, [(input, false)], output: [1, 3, 3, 1]), [-1, -1, -2, -1, -1, -2, -4, -4, -5])
    }

    func testChannelsAndActivation() throws {
        let input = HostTensor(shape: [1, 2, 2, 2], floats: [1, 0, 9, -5, 3, -1, 2, -3])
        let op = Op.maxPool2D(Pool2DAttributes(padding: .valid, strideH: 2, strideW: 2, filterH: 2, filterW: 2, activation: .relu6))
        XCTAssertEqual(try SpatialCheck.run(op, [(input, false)], output: [1, 1, 1, 2]), [6, 0])
        let plain = Op.maxPool2D(Pool2DAttributes(padding: .valid, strideH: 2, strideW: 2, filterH: 2, filterW: 2))
        XCTAssertEqual(try SpatialCheck.run(plain, [(input, false)], output: [1, 1, 1, 2]), [9, 0])
    }

    func testRandomShapesMatchNaiveMaximum() throws {
        var checked = 0
        for (trial, c) in NaivePool.cases(seed: 8, count: 60).enumerated() {
            guard let expected = NaivePool.run(c.input, shape: c.shape, c.attributes, average: false) else { continue }
            let out = try SpatialCheck.run(.maxPool2D(c.attributes), [(HostTensor(shape: Shape(c.shape), floats: c.input), false)], output: expected.shape)
            SpatialCheck.assertClose(out, expected.values, "trial \(trial): input \(c.shape), \(c.attributes)")
            checked += 1
        }
        XCTAssertGreaterThan(checked, 40)
    }

    func testWrongOutputShapeIsInvalid() {
        let op = Op.maxPool2D(Pool2DAttributes(padding: .same, strideH: 2, strideW: 2, filterH: 2, filterW: 2))
        SpatialCheck.assertInvalid(["MAX_POOL_2D", "out0", "[1,3,3,1]", "[1,2,2,1]"]) {
            _ = try SpatialCheck.run(op, [(HostTensor(shape: [1, 5, 5, 1], floats: [Float](repeating: 0, count: 25)), false)], output: [1, 2, 2, 1])
        }
    }

    func testPlainInt8IsPooledAndFloat16IsUnsupported() {
        let op = Op.maxPool2D(Pool2DAttributes(padding: .valid, strideH: 1, strideW: 1, filterH: 1, filterW: 1))
        // int8 tensors go to the integer kernel; plain ones (no quantization) are pooled as integers.
        let plain = SpatialCheck.int8Tensor([1, 2, 2, 1])
        XCTAssertEqual(try KernelHarness.reference(op, inputs: [(plain, false)], outputs: [(.int8, [1, 2, 2, 1])])[0].values(as: Int8.self),
                       plain.values(as: Int8.self))
        SpatialCheck.assertUnsupported(["MAX_POOL_2D with float16 input"]) {
            _ = try KernelHarness.reference(op, inputs: [(SpatialCheck.float16Tensor([1, 2, 2, 1]), false)], outputs: [(.float16, [1, 2, 2, 1])])
        }
    }
}
