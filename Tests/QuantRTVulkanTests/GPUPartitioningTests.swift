import QuantRT
import QuantRTCPU
import QuantRTCore
import QuantRTVulkan
import TestSupport
import XCTest

/// Mixed graphs: what the GPU cannot run goes to the CPU with transfers at the boundaries, and
/// GPU islands too small for their transfers stay on the CPU.
final class GPUPartitioningTests: XCTestCase {
    func testUnsupportedNodeSplitsTheGraphAndSmallIslandsStayOnTheCPU() throws {
        let gpu = try VulkanTestDevice.delegate()
        var random = TestRandom(seed: 5)
        var b = GraphBuilder()
        let x = b.input([1, 32, 32, 16])
        let w = b.float16Constant([32, 3, 3, 16], random.floats(32 * 9 * 16, -0.2, 0.2))
        let conv = b.node(.conv2D(Conv2DAttributes(padding: .same, activation: .relu)), [x, w], output: [1, 32, 32, 32])
        let norm = b.node(.l2Normalization(.none), [conv], output: [1, 32, 32, 32])  // no GPU shader
        let bias = b.constant([32], random.floats(32))
        let sum = b.node(.add(.none), [norm, bias], output: [1, 32, 32, 32])  // a tiny island: stays on the CPU
        let model = Model(graphs: [b.graph(outputs: [sum])])
        let runner = try Interpreter(model: model, delegates: [gpu, CPUDelegate()]).runner()
        let plan = runner.partitionPlan
        XCTAssertEqual(plan.partitions.map(\.delegateName), ["gpu", "cpu"])
        XCTAssertEqual(plan.partitions[0].nodes.count, 2)  // the DEQUANTIZE and the CONV_2D
        XCTAssertTrue(plan.assignments[2].refusals.first?.reason.contains("no GPU shader") == true)
        XCTAssertTrue(plan.assignments[3].refusals.first?.reason.contains("cheaper on the CPU") == true, "\(plan.assignments[3].refusals)")

        let input = HostTensor(shape: [1, 32, 32, 16], floats: random.floats(32 * 32 * 16))
        let expected = try Interpreter(model: model, delegates: [], fallback: ReferenceDelegate()).runner().run([input])[0].floatValues()
        let actual = try runner.run([input])[0].floatValues()
        let worst = zip(expected, actual).map { abs($0 - $1) }.max() ?? 0
        XCTAssertLessThanOrEqual(worst, 2e-2 * max(1, expected.map(abs).max() ?? 0))
    }

    func testWholeGraphIslandIsAlwaysClaimedEvenWhenSmall() throws {
        let gpu = try VulkanTestDevice.delegate()
        var b = GraphBuilder()
        let x = b.input([4])
        let y = b.node(.relu, [x], output: [4])
        let runner = try Interpreter(model: Model(graphs: [b.graph(outputs: [y])]), delegates: [gpu, CPUDelegate()]).runner()
        XCTAssertEqual(runner.partitionPlan.partitions.map(\.delegateName), ["gpu"])
    }
}
