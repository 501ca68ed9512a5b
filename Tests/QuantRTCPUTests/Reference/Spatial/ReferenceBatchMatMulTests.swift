import QuantRTCore
import TestSupport
import XCTest

final class ReferenceBatchMatMulTests: XCTestCase {
    private let a = HostTensor(shape: [2, 3], floats: [1, 2, 3, 4, 5, 6])
    private let b = HostTensor(shape: [3, 2], floats: [1, 0, 0, 1, 1, 1])

    func testPlainProduct() throws {
        let out = try SpatialCheck.run(.batchMatMul(BatchMatMulAttributes()), [(a, false), (b, false)], output: [2, 2])
        XCTAssertEqual(out, [4, 5, 10, 11])
    }

    func testAdjointsTransposeTheLastTwoDimensions() throws {
        // aᵀ is [3, 2]: aᵀ · aᵀᵀ = aᵀ · a.
        let out = try SpatialCheck.run(.batchMatMul(BatchMatMulAttributes(adjointX: true)), [(a, false), (a, false)], output: [3, 3])
        XCTAssertEqual(out, [17, 22, 27, 22, 29, 36, 27, 36, 45])
        let outY = try SpatialCheck.run(.batchMatMul(BatchMatMulAttributes(adjointY: true)), [(a, false), (a, true)], output: [2, 2])
        XCTAssertEqual(outY, [14, 32, 32, 77])
    }

    func testBatchDimensionsBroadcast() throws {
        // lhs [2, 1, 1, 2] against rhs [3, 2, 1]: output [2, 3, 1, 1], each lhs row dotted with each rhs column.
        let lhs = HostTensor(shape: [2, 1, 1, 2], floats: [1, 2, 10, 20])
        let rhs = HostTensor(shape: [3, 2, 1], floats: [1, 0, 0, 1, 1, 1])
        let out = try SpatialCheck.run(.batchMatMul(BatchMatMulAttributes()), [(lhs, false), (rhs, false)], output: [2, 3, 1, 1])
        XCTAssertEqual(out, [1, 2, 3, 10, 20, 30])
    }

    func testRandomShapesMatchNaiveProduct() throws {
        var random = SpatialRandom(seed: 6)
        for trial in 0..<60 {
            let rows = random.int(1...7), depth = random.int(1...20), columns = random.int(1...9)
            let batchRank = random.int(0...3)
            let outBatch = (0..<batchRank).map { _ in random.int(1...3) }
            func operandBatch() -> [Int] {
                let dropped = random.int(0...batchRank)
                return outBatch.dropFirst(dropped).map { random.int(0...2) == 0 ? 1 : $0 }
            }
            var lhsBatch = operandBatch(), rhsBatch = operandBatch()
            // Keep the broadcast output equal to outBatch: one operand carries the full dims.
            if random.bool() { lhsBatch = outBatch } else { rhsBatch = outBatch }
            let attributes = BatchMatMulAttributes(adjointX: random.bool(), adjointY: random.bool())
            let lhsShape = lhsBatch + (attributes.adjointX ? [depth, rows] : [rows, depth])
            let rhsShape = rhsBatch + (attributes.adjointY ? [columns, depth] : [depth, columns])
            let x = random.floats(lhsShape.reduce(1, *)), y = random.floats(rhsShape.reduce(1, *))

            func element(_ values: [Float], _ shape: [Int], _ batchIndex: [Int], _ r: Int, _ c: Int) -> Double {
                let batchDims = shape.dropLast(2)
                var offset = 0
                for (axis, dim) in batchDims.enumerated() {
                    let index = batchIndex[batchIndex.count - batchDims.count + axis]
                    offset = offset * dim + (dim == 1 ? 0 : index)
                }
                return Double(values[(offset * shape[shape.count - 2] + r) * shape[shape.count - 1] + c])
            }
            var expected: [Double] = []
            for flat in 0..<outBatch.reduce(1, *) {
                var index: [Int] = [], rest = flat
                for dim in outBatch.reversed() { index.insert(rest % dim, at: 0); rest /= dim }
                for i in 0..<rows {
                    for j in 0..<columns {
                        var sum = 0.0
                        for k in 0..<depth {
                            let l = attributes.adjointX ? element(x, lhsShape, index, k, i) : element(x, lhsShape, index, i, k)
                            let r = attributes.adjointY ? element(y, rhsShape, index, j, k) : element(y, rhsShape, index, k, j)
                            sum += l * r
                        }
                        expected.append(sum)
                    }
                }
            }
            let out = try SpatialCheck.run(.batchMatMul(attributes), [(HostTensor(shape: Shape(lhsShape), floats: x), false),
                                                                     (HostTensor(shape: Shape(rhsShape), floats: y), random.bool())],
                                           output: Shape(outBatch + [rows, columns]))
            SpatialCheck.assertClose(out, expected, "trial \(trial): lhs \(lhsShape), rhs \(rhsShape), \(attributes)")
        }
    }

    func testShapeErrorsAreInvalid() {
        SpatialCheck.assertInvalid(["BATCH_MATMUL", "depth 3", "depth 2"]) {
            _ = try SpatialCheck.run(.batchMatMul(BatchMatMulAttributes()), [(a, false), (a, false)], output: [2, 3])
        }
        SpatialCheck.assertInvalid(["BATCH_MATMUL", "do not broadcast"]) {
            _ = try SpatialCheck.run(.batchMatMul(BatchMatMulAttributes()),
                                     [(HostTensor(shape: [2, 1, 1], floats: [1, 2]), false), (HostTensor(shape: [3, 1, 1], floats: [1, 2, 3]), false)],
                                     output: [3, 1, 1])
        }
        SpatialCheck.assertInvalid(["BATCH_MATMUL", "out0", "[2,2]"]) {
            _ = try SpatialCheck.run(.batchMatMul(BatchMatMulAttributes()), [(a, false), (b, false)], output: [1, 2, 2])
        }
    }

    /// Integer operands need their quantization (the integer kernels are tested in Int8KernelTests).
    func testUnquantizedIntegerOperandIsInvalid() {
        SpatialCheck.assertInvalid(["BATCH_MATMUL", "lhs", "needs per-tensor quantization"]) {
            _ = try KernelHarness.reference(.batchMatMul(BatchMatMulAttributes()),
                                            inputs: [(HostTensor(zeros: .int16, shape: [2, 2]), false), (HostTensor(zeros: .int16, shape: [2, 2]), false)],
                                            outputs: [(.int16, [2, 2])])
        }
    }
}
