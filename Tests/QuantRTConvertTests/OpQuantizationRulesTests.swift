import QuantRTCPU
import QuantRTConvert
import QuantRTCore
import XCTest

/// The constraint table never promises an integer kernel the CPU delegate does not have.
final class OpQuantizationRulesTests: XCTestCase {
    func testEveryIntegerOpHasAKernelInTheInt8Delegate() {
        for (kind, rule) in OpQuantizationRules.table where rule.int8 || rule.int16x8 {
            XCTAssertNotNil(QuantizedKernels.referenceFactories[kind], "\(kind) is marked integer in OpQuantizationRules but the int8 delegate has no kernel")
        }
    }

    func testSpecFixedOutputs() {
        guard case .fixed(let int8, let int16) = OpQuantizationRules.table[.softmax]!.output else { return XCTFail("SOFTMAX output is not fixed") }
        XCTAssertEqual(int8, FixedQuantization(scale: 1.0 / 256, zeroPoint: -128))
        XCTAssertEqual(int16, FixedQuantization(scale: 1.0 / 32768, zeroPoint: 0))
        guard case .fixed(let tanh8, _) = OpQuantizationRules.table[.tanh]!.output else { return XCTFail("TANH output is not fixed") }
        XCTAssertEqual(tanh8, FixedQuantization(scale: 1.0 / 128, zeroPoint: 0))
        XCTAssertEqual(OpQuantizationRules.table[.depthwiseConv2D]?.weight?.axis, 3)
    }
}
