import QuantRTCPU
import QuantRTCore
import XCTest

final class QuantizeKernelTests: XCTestCase {
    func testQuantizeRoundsHalfAwayFromZeroAndClamps() throws {
        let q = Quantization(scales: [0.5], zeroPoints: [-1])
        // x / 0.5 = [0.5, -0.5, 1.5, -2.5, 1000, -1000] → round [1, -1, 2, -3, 2000, -2000] → +zp, clamp.
        let out = try run1(.quantize, [input(floats([6], [0.25, -0.25, 0.75, -1.25, 500, -500]))], .int8, [6], quantization: [1: q])
        XCTAssertEqual(out.values(as: Int8.self), [0, -2, 1, -4, 127, -128])
        let u8 = try run1(.quantize, [input(floats([3], [0, 1, -1]))], .uint8, [3], quantization: [1: Quantization(scales: [0.1], zeroPoints: [128])])
        XCTAssertEqual(u8.values(as: UInt8.self), [128, 138, 118])
        let i16 = try run1(.quantize, [input(floats([2], [1, .nan]))], .int16, [2], quantization: [1: Quantization(scales: [1.0 / 4096], zeroPoints: [0])])
        XCTAssertEqual(i16.values(as: Int16.self), [4096, 0])
    }

    func testPerAxisQuantizeAndDequantizeRoundTrip() throws {
        let q = Quantization(scales: [0.5, 0.25, 2], zeroPoints: [0, 3, -2], axis: 1)
        let x: [Float] = [1, 1, 4, -1, -0.5, 8]
        let quantized = try run1(.quantize, [input(floats([2, 3], x))], .int8, [2, 3], quantization: [1: q])
        XCTAssertEqual(quantized.values(as: Int8.self), [2, 7, 0, -2, 1, 2])
        let back = try run1(.dequantize, [input(quantized)], .float32, [2, 3], quantization: [0: q])
        XCTAssertEqual(back.values(as: Float.self), x)
    }

    func testDequantizeTypes() throws {
        let q = Quantization(scales: [0.5], zeroPoints: [10])
        XCTAssertEqual(try run1(.dequantize, [input(tensor(.uint8, [3], [UInt8(10), 12, 0]))], .float32, [3], quantization: [0: q]).values(as: Float.self), [0, 1, -5])
        XCTAssertEqual(try run1(.dequantize, [input(tensor(.int16, [2], [Int16(-1000), 1010]))], .float32, [2], quantization: [0: q]).values(as: Float.self), [-505, 500])
        XCTAssertEqual(try run1(.dequantize, [input(int32s([2], [10, 1_000_010]))], .float32, [2], quantization: [0: q]).values(as: Float.self), [0, 500_000])
        XCTAssertEqual(try run1(.dequantize, [input(tensor(.float16, [2], [Float16(0.5), -3]))], .float32, [2]).values(as: Float.self), [0.5, -3])
        // Per-axis along the last axis.
        let perAxis = Quantization(scales: [1, 0.5], zeroPoints: [0, 1], axis: 1)
        XCTAssertEqual(try run1(.dequantize, [constant(tensor(.int8, [2, 2], [Int8(3), 3, -3, -3]))], .float32, [2, 2], quantization: [0: perAxis]).values(as: Float.self), [3, 1, -3, -2])
    }

    func testRandomQuantizeMatchesNaive() throws {
        var rng = SeededGenerator(seed: 6)
        for _ in 0..<10 {
            let dims = rng.shape(rank: 1...4, dims: 1...5)
            let axis = Int.random(in: 0..<dims.count, using: &rng)
            let scales = (0..<dims[axis]).map { _ in Float.random(in: 0.01...0.2, using: &rng) }
            let zeros = (0..<dims[axis]).map { _ in Int64.random(in: -20...20, using: &rng) }
            let q = Quantization(scales: scales, zeroPoints: zeros, axis: axis)
            let x = rng.floats(Shape(dims).elementCount, -30...30)
            let out = try run1(.quantize, [input(floats(dims, x))], .int8, dims, quantization: [1: q]).values(as: Int8.self)
            let expected = x.indices.map { i -> Int8 in
                let c = multiIndex(i, dims)[axis]
                let r = Double(x[i] / scales[c])
                let rounded = r < 0 ? -(-r + 0.5).rounded(.down) : (r + 0.5).rounded(.down)
                return Int8(min(max(Int64(rounded) + zeros[c], -128), 127))
            }
            XCTAssertEqual(out, expected)
        }
    }

    func testErrors() {
        let q = Quantization(scales: [0.5], zeroPoints: [0])
        // int8 → int8 is a requantization by the integer kernel (here the identity).
        XCTAssertEqual(try run1(.quantize, [input(tensor(.int8, [1], [Int8(1)]))], .int8, [1], quantization: [0: q, 1: q]).values(as: Int8.self), [1])
        assertKernelError(.invalidNode, containing: ["DEQUANTIZE", "scale"]) {
            try run1(.dequantize, [input(tensor(.int8, [1], [Int8(1)]))], .float32, [1])
        }
        assertKernelError(.invalidNode, containing: ["QUANTIZE", "scale"]) {
            try run1(.quantize, [input(floats([1], [1]))], .int8, [1], quantization: [1: Quantization(scales: [0], zeroPoints: [0])])
        }
    }
}
