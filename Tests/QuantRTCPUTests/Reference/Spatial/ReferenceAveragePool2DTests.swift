import QuantRTCore
import TestSupport
import XCTest

final class ReferenceAveragePool2DTests: XCTestCase {
    private let image = HostTensor(shape: [1, 3, 3, 1], floats: [1, 2, 3, 4, 5, 6, 7, 8, 9])

    func testPaddedCellsAreNotCounted() throws {
        // 2x2 windows, stride 2, SAME on 3x3: the padding goes after, so the edge windows hold 2 cells and the corner 1.
        let op = Op.averagePool2D(Pool2DAttributes(padding: .same, strideH: 2, strideW: 2, filterH: 2, filterW: 2))
        XCTAssertEqual(try SpatialCheck.run(op, [(image, false)], output: [1, 2, 2, 1]), [3, 4.5, 7.5, 9])
        // 3x3 windows, stride 1: the corner window holds 4 cells: (1 + 2 + 4 + 5) / 4, not / 9.
        let wide = Op.averagePool2D(Pool2DAttributes(padding: .same, strideH: 1, strideW: 1, filterH: 3, filterW: 3))
        XCTAssertEqual(try SpatialCheck.run(wide, [(image, false)], output: [1, 3, 3, 1]), [3, 3.5, 4, 4.5, 5, 5.5, 6, 6.5, 7])
    }

    func testChannelsAreAveragedSeparatelyWithActivation() throws {
        let input = HostTensor(shape: [1, 1, 2, 2], floats: [1, -10, 3, -20])
        let op = Op.averagePool2D(Pool2DAttributes(padding: .valid, strideH: 1, strideW: 1, filterH: 1, filterW: 2, activation: .reluN1To1))
        XCTAssertEqual(try SpatialCheck.run(op, [(input, false)], output: [1, 1, 1, 2]), [1, -1])
    }

    func testRandomShapesMatchNaiveAverage() throws {
        var checked = 0
        for (trial, c) in NaivePool.cases(seed: 7, count: 60).enumerated() {
            guard let expected = NaivePool.run(c.input, shape: c.shape, c.attributes, average: true) else { continue }
            let out = try SpatialCheck.run(.averagePool2D(c.attributes), [(HostTensor(shape: Shape(c.shape), floats: c.input), false)], output: expected.shape)
            SpatialCheck.assertClose(out, expected.values, "trial \(trial): input \(c.shape), \(c.attributes)")
            checked += 1
        }
        XCTAssertGreaterThan(checked, 40)
    }

    func testWrongOutputShapeAndOversizedValidWindowAreInvalid() {
        let op = Op.averagePool2D(Pool2DAttributes(padding: .valid, strideH: 1, strideW: 1, filterH: 2, filterW: 2))
        SpatialCheck.assertInvalid(["AVERAGE_POOL_2D", "out0", "[1,2,2,1]", "[1,3,3,1]"]) {
            _ = try SpatialCheck.run(op, [(image, false)], output: [1, 3, 3, 1])
        }
        let big = Op.averagePool2D(Pool2DAttributes(padding: .valid, strideH: 1, strideW: 1, filterH: 4, filterW: 1))
        SpatialCheck.assertInvalid(["AVERAGE_POOL_2D", "4x1 window", "VALID"]) {
            _ = try SpatialCheck.run(big, [(image, false)], output: [1, 0, 3, 1])
        }
        let zeroStride = Op.averagePool2D(Pool2DAttributes(padding: .same, strideH: 0, strideW: 1, filterH: 1, filterW: 1))
        SpatialCheck.assertInvalid(["AVERAGE_POOL_2D", "stride_h must be at least 1"]) {
            _ = try SpatialCheck.run(zeroStride, [(image, false)], output: [1, 3, 3, 1])
        }
    }

    func testUnquantizedInt8InputIsInvalid() {
        // int8 tensors go to the integer kernel, which needs their quantization.
        let op = Op.averagePool2D(Pool2DAttributes(padding: .valid, strideH: 1, strideW: 1, filterH: 1, filterW: 1))
        SpatialCheck.assertInvalid(["AVERAGE_POOL_2D", "per-tensor quantization"]) {
            _ = try KernelHarness.reference(op, inputs: [(SpatialCheck.int8Tensor([1, 2, 2, 1]), false)], outputs: [(.int8, [1, 2, 2, 1])])
        }
    }
}
