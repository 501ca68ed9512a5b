import Foundation
import QuantRTConvert
import QuantRTCore
import TestSupport
import XCTest

final class QuantizationMathTests: XCTestCase {
    func testAsymmetricInt8CoversTheRangeWidenedToZero() {
        let unit = QuantizationMath.asymmetricInt8(TensorRange(min: 0, max: 1))
        XCTAssertEqual(unit.scale, 1.0 / 255, accuracy: 1e-9)
        XCTAssertEqual(unit.zeroPoint, -128)
        let positive = QuantizationMath.asymmetricInt8(TensorRange(min: 2, max: 3))  // widened to [0, 3]
        XCTAssertEqual(positive.scale, 3.0 / 255, accuracy: 1e-7)
        XCTAssertEqual(positive.zeroPoint, -128)
        let mixed = QuantizationMath.asymmetricInt8(TensorRange(min: -1, max: 3))
        XCTAssertEqual(mixed.scale, 4.0 / 255, accuracy: 1e-7)
        XCTAssertEqual(mixed.zeroPoint, -64)  // -128 + 1 / (4/255) = -64.25
        let degenerate = QuantizationMath.asymmetricInt8(TensorRange(min: 0, max: 0))
        XCTAssertEqual(degenerate.zeroPoint, -128)
        XCTAssertGreaterThan(degenerate.scale, 0)
    }

    func testSymmetricInt16HasZeroPointZero() {
        let q = QuantizationMath.symmetricInt16(TensorRange(min: -2, max: 1))
        XCTAssertEqual(q.scale, 2.0 / 32767, accuracy: 1e-10)
        XCTAssertEqual(q.zeroPoint, 0)
    }

    func testPerChannelWeightsAreSymmetricInMinus127To127() {
        // shape [2, 3]: channel 0 max |w| 2, channel 1 max |w| 0.5
        let (q, quantization) = QuantizationMath.symmetricPerChannelInt8([2, -1, 0.5, 0.25, -0.5, 0], shape: [2, 3], axis: 0)
        XCTAssertEqual(quantization.scales, [2.0 / 127, 0.5 / 127])
        XCTAssertEqual(quantization.zeroPoints, [0, 0])
        XCTAssertEqual(quantization.axis, 0)
        XCTAssertEqual(q, [127, -64, 32, 64, -127, 0])
        // axis 3 of a [1, 1, 2, 2] depthwise filter: channels interleave
        let (_, depthwise) = QuantizationMath.symmetricPerChannelInt8([1, 4, -2, 1], shape: [1, 1, 2, 2], axis: 3)
        XCTAssertEqual(depthwise.scales, [2.0 / 127, 4.0 / 127])
    }

    func testBiasScaleIsInputScaleTimesWeightScale() {
        let (q, quantization) = QuantizationMath.bias([1, -0.5], inputScale: 0.1, weightScales: [0.01, 0.02], dtype: .int32)
        XCTAssertEqual(quantization.scales[0], 0.001, accuracy: 1e-9)
        XCTAssertEqual(quantization.scales[1], 0.002, accuracy: 1e-9)
        XCTAssertEqual(q, [1000, -250])
        XCTAssertEqual(quantization.zeroPoints, [0, 0])
    }

    func testQuantizeRoundsHalfAwayFromZeroAndSaturates() {
        let q = Quantization(scales: [0.5], zeroPoints: [10])
        XCTAssertEqual(QuantizationMath.quantize([0.25, -0.25, 1000, -1000], with: q, to: .int8), [11, 9, 127, -128])
    }

    func testPercentileClipsRareOutliers() {
        var values = [Float](repeating: 0, count: 100_000)
        for i in values.indices { values[i] = Float(i % 1000) / 1000 }  // uniform in [0, 1)
        values[0] = 50  // one outlier
        let range = CalibrationMethod.percentile(99.9).range(of: values)
        XCTAssertLessThan(range.max, 1.1, "within one histogram bin of the 99.9th percentile")
        XCTAssertGreaterThan(range.max, 0.95)
        XCTAssertEqual(CalibrationMethod.minmax.range(of: values).max, 50)
    }

    func testCalibrationMethodArgumentsParse() {
        XCTAssertEqual(CalibrationMethod(argument: "minmax"), .minmax)
        XCTAssertEqual(CalibrationMethod(argument: "mse"), .mse)
        XCTAssertEqual(CalibrationMethod(argument: "percentile"), .percentile(CalibrationMethod.defaultPercentile))
        XCTAssertEqual(CalibrationMethod(argument: "percentile:99.9"), .percentile(99.9))
        XCTAssertNil(CalibrationMethod(argument: "percentile:20"))
        XCTAssertNil(CalibrationMethod(argument: "entropy"))
    }

    func testMSEShrinksALongTailButKeepsABoundedRange() {
        var random = TestRandom(seed: 11)
        // Laplace-like: most values small, a thin tail out to 40.
        let tailed = (0..<50_000).map { _ -> Float in
            let u = random.float(0.0001, 1)
            return -log(u) * (random.float() < 0 ? -1 : 1)
        } + [40]
        let range = CalibrationMethod.mse.range(of: tailed)
        XCTAssertLessThan(range.max, 40 * 0.95, "the tail is clipped")
        let uniform = (0..<50_000).map { _ in random.float(-1, 1) }
        XCTAssertGreaterThan(CalibrationMethod.mse.range(of: uniform).max, 0.97, "a bounded distribution keeps (almost) its range")
    }

    func testLeastSquaresWeightScalesNeverExceedMaxAbs() {
        var random = TestRandom(seed: 13)
        let weights = random.floats(4 * 64)
        let (_, plain) = QuantizationMath.symmetricPerChannelInt8(weights, shape: [4, 64], axis: 0)
        let (_, fitted) = QuantizationMath.symmetricPerChannelInt8(weights, shape: [4, 64], axis: 0, leastSquares: true)
        for (a, b) in zip(fitted.scales, plain.scales) { XCTAssertLessThanOrEqual(a, b); XCTAssertGreaterThanOrEqual(a, b * 0.8 - 1e-9) }
    }
}
