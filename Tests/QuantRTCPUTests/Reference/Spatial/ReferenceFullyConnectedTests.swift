import QuantRTCore
import TestSupport
import XCTest

final class ReferenceFullyConnectedTests: XCTestCase {
    func testRowsTimesWeightsPlusBias() throws {
        let input = HostTensor(shape: [2, 3], floats: [1, 2, 3, 4, 5, 6])
        let weights = HostTensor(shape: [2, 3], floats: [1, 0, -1, 0.5, 0.5, 0.5])
        let bias = HostTensor(shape: [2], floats: [10, 0])
        let out = try SpatialCheck.run(.fullyConnected(FullyConnectedAttributes()), [(input, false), (weights, true), (bias, true)], output: [2, 2])
        XCTAssertEqual(out, [8, 3, 8, 7.5])
    }

    func testInputIsFlattenedToRowsOfDepthK() throws {
        // [1, 2, 2, 2] holds 8 values: with K = 4 that is 2 rows.
        let input = HostTensor(shape: [1, 2, 2, 2], floats: [1, 1, 1, 1, 2, 2, 2, 2])
        let weights = HostTensor(shape: [1, 4], floats: [1, 2, 3, 4])
        let out = try SpatialCheck.run(.fullyConnected(FullyConnectedAttributes(activation: .relu6)), [(input, false), (weights, true)], output: [2, 1])
        XCTAssertEqual(out, [6, 6])
        let raw = try SpatialCheck.run(.fullyConnected(FullyConnectedAttributes()), [(input, false), (weights, true)], output: [2, 1])
        XCTAssertEqual(raw, [10, 20])
    }

    func testKeepNumDimsKeepsLeadingDimensions() throws {
        let input = HostTensor(shape: [1, 2, 2], floats: [1, 2, 3, 4])
        let weights = HostTensor(shape: [3, 2], floats: [1, 0, 0, 1, 1, 1])
        let out = try SpatialCheck.run(.fullyConnected(FullyConnectedAttributes(keepNumDims: true)), [(input, false), (weights, false)], output: [1, 2, 3])
        XCTAssertEqual(out, [1, 2, 3, 3, 4, 7])
    }

    func testRandomShapesMatchNaiveProduct() throws {
        var random = SpatialRandom(seed: 5)
        for trial in 0..<50 {
            let depth = random.int(1...40), units = random.int(1...13)
            let leading = (0..<random.int(0...3)).map { _ in random.int(1...4) }
            let keepNumDims = random.bool()
            let inShape = leading + [depth]
            let rows = leading.reduce(1, *)
            let attributes = FullyConnectedAttributes(activation: random.pick(SpatialCheck.activations), keepNumDims: keepNumDims)
            let x = random.floats(rows * depth), w = random.floats(units * depth)
            let bias = random.bool() ? random.floats(units) : nil
            var expected: [Double] = []
            for r in 0..<rows {
                for u in 0..<units {
                    var sum = Double(bias?[u] ?? 0)
                    for k in 0..<depth { sum += Double(x[r * depth + k]) * Double(w[u * depth + k]) }
                    expected.append(SpatialCheck.activate(sum, attributes.activation))
                }
            }
            var inputs: [(HostTensor, constant: Bool)] = [(HostTensor(shape: Shape(inShape), floats: x), false),
                                                          (HostTensor(shape: [units, depth], floats: w), random.bool())]
            if let bias { inputs.append((HostTensor(shape: [units], floats: bias), random.bool())) }
            let outShape: Shape = keepNumDims ? Shape(leading + [units]) : [rows, units]
            let out = try SpatialCheck.run(.fullyConnected(attributes), inputs, output: outShape)
            SpatialCheck.assertClose(out, expected, "trial \(trial): input \(inShape), units \(units), \(attributes)")
        }
    }

    func testShapeErrorsAreInvalid() {
        let weights = HostTensor(shape: [2, 3], floats: [1, 2, 3, 4, 5, 6])
        SpatialCheck.assertInvalid(["FULLY_CONNECTED", "4 elements", "depth 3"]) {
            _ = try SpatialCheck.run(.fullyConnected(FullyConnectedAttributes()), [(HostTensor(shape: [4], floats: [1, 2, 3, 4]), false), (weights, true)],
                                     output: [1, 2])
        }
        SpatialCheck.assertInvalid(["FULLY_CONNECTED", "out0", "[2,2]", "[1,2,2]"]) {
            _ = try SpatialCheck.run(.fullyConnected(FullyConnectedAttributes()), [(HostTensor(shape: [1, 2, 3], floats: [1, 2, 3, 4, 5, 6]), false), (weights, true)],
                                     output: [1, 2, 2])
        }
        SpatialCheck.assertInvalid(["FULLY_CONNECTED", "weights", "rank 2"]) {
            _ = try SpatialCheck.run(.fullyConnected(FullyConnectedAttributes()), [(HostTensor(shape: [3], floats: [1, 2, 3]), false),
                                                                                   (HostTensor(shape: [1, 2, 3], floats: [1, 2, 3, 4, 5, 6]), true)],
                                     output: [1, 2])
        }
    }

    /// Float input with int8 weights is dynamic-range: the reference dequantizes the weights once.
    func testHybridInt8WeightsRunOnDequantizedWeights() throws {
        let weights = SpatialCheck.int8Tensor([3, 2])
        let out = try KernelHarness.reference(.fullyConnected(FullyConnectedAttributes()),
                                              inputs: [(HostTensor(shape: [1, 2], floats: [1, 2]), false), (weights, true)],
                                              outputs: [(.float32, [1, 3])], quantization: [1: Quantization(scales: [0.1], zeroPoints: [0])])[0]
        let w = weights.values(as: Int8.self).map { Float($0) * 0.1 }
        let expected: [Float] = (0..<3).map { (j: Int) -> Float in w[j * 2] + 2 * w[j * 2 + 1] }
        for (a, e) in zip(out.values(as: Float.self), expected) { XCTAssertEqual(a, e, accuracy: 1e-5) }
    }
}
