import QuantRT
import QuantRTCPU
import QuantRTCore
import QuantRTVulkan
import TestSupport
import XCTest

/// Builds one-op graphs with random inputs and checks the GPU delegate against the reference
/// kernels, at every precision the device supports.
struct GPUOpCase {
    enum Operand {
        /// A graph input with random values.
        case input(Shape)
        /// A float32 constant with random values.
        case constant(Shape)
        /// A float16 constant feeding a DEQUANTIZE (how MediaPipe ships weights).
        case float16Constant(Shape)
        /// An int32 constant.
        case ints(Shape, [Int32])
    }

    var name: String
    var op: Op
    var operands: [Operand]
    var output: Shape
    /// Random values in [low, high].
    var low: Float = -2, high: Float = 2

    /// The graph and its input values.
    func build(_ random: inout TestRandom) -> (Graph, [HostTensor]) {
        var builder = GraphBuilder()
        var ids: [Int] = [], values: [HostTensor] = []
        for operand in operands {
            switch operand {
            case .input(let shape):
                ids.append(builder.input(shape))
                values.append(HostTensor(shape: shape, floats: random.floats(shape.elementCount, low, high)))
            case .constant(let shape):
                ids.append(builder.constant(shape, random.floats(shape.elementCount, low, high)))
            case .float16Constant(let shape):
                ids.append(builder.float16Constant(shape, random.floats(shape.elementCount, low, high)))
            case .ints(let shape, let values):
                ids.append(builder.constant(shape, ints: values))
            }
        }
        let out = builder.node(op, ids, output: output)
        return (builder.graph(outputs: [out]), values)
    }
}

extension GraphBuilder {
    /// Adds a float16 constant and the DEQUANTIZE that turns it into float32; returns the float32 tensor.
    mutating func float16Constant(_ shape: Shape, _ values: [Float]) -> Int {
        let halves = values.map { Float16($0).bitPattern }
        let bytes = halves.withUnsafeBytes { Array($0) }
        let storage = ByteStorage(copying: bytes)
        let half = add(TensorDescriptor(name: "half\(tensors.count)", dtype: .float16, shape: shape,
                                        data: ConstantData(storage: storage, offset: 0, count: bytes.count)))
        return node(.dequantize, [half], output: shape)
    }
}

/// Runs cases and asserts.
enum GPUOpHarness {
    /// Tolerance relative to max(1, max |reference|): float16 storage keeps ~3 decimal digits.
    static func tolerance(_ precision: GPUPrecision) -> Float { precision == .fp32 ? 1e-4 : 1.5e-2 }

    /// Checks `makeCase` (called with a fresh random source per seed) at every precision.
    static func check(seeds: Int = 3, file: StaticString = #filePath, line: UInt = #line,
                      _ makeCase: (inout TestRandom) -> GPUOpCase) throws {
        var ran = 0
        for precision in GPUPrecision.allCases {
            guard let gpu = try? VulkanTestDevice.delegate(precision) else { continue }
            ran += 1
            for seed in 0..<seeds {
                var random = TestRandom(seed: UInt64(seed) * 7_919 + 17)
                let testCase = makeCase(&random)
                let (graph, inputs) = testCase.build(&random)
                let label = "\(testCase.name) seed \(seed) at \(precision)"
                let model = Model(graphs: [graph])
                let expected = try Interpreter(model: model, delegates: [], fallback: ReferenceDelegate()).runner().run(inputs)
                let runner = try Interpreter(model: model, delegates: [gpu], fallback: ReferenceDelegate()).runner()
                let refused = runner.partitionPlan.assignments.filter { $0.delegateName != "gpu" }
                XCTAssert(refused.isEmpty, "\(label): the GPU refused \(refused.map { "\(graph.nodes[$0.node].op.kind): \($0.refusals.map(\.reason))" })",
                          file: file, line: line)
                let actual = try runner.run(inputs)
                for (e, a) in zip(expected, actual) {
                    XCTAssertEqual(e.shape, a.shape, label, file: file, line: line)
                    let ev = e.floatValues(), av = a.floatValues()
                    let scale = max(1, ev.map(abs).max() ?? 0)
                    var worst: Float = 0
                    for (x, y) in zip(ev, av) {
                        if x.isFinite && !y.isFinite {
                            XCTFail("\(label): GPU produced \(y) where the reference has \(x) (float16 overflow?)", file: file, line: line)
                            return
                        }
                        worst = max(worst, abs(x - y) / scale)
                    }
                    XCTAssertLessThanOrEqual(worst, tolerance(precision), "\(label): max error / scale", file: file, line: line)
                }
            }
        }
        if ran == 0 { _ = try VulkanTestDevice.delegate() }  // skips with the reason
    }
}
