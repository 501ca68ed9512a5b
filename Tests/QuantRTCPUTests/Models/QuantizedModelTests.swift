import QuantRT
import QuantRTCPU
import QuantRTCore
import QuantRTFormat
import TestSupport
import XCTest

/// The quantized models of ../shared/models end to end, against LiteRT:
/// - `int8_only` / `int8_fallback`: our outputs are at least as close to LiteRT's reference
///   kernels' outputs as LiteRT's own default path (XNNPACK) is — max LSB apart and share
///   identical for integer outputs, cosine for float ones — measured from the saved files;
/// - `int16x8`: cosine ≥ 0.9999 to the reference kernels' outputs;
/// - `dynamic`: cosine to the float model at least LiteRT's (its `dynamic` vs its `fp32` outputs).
final class QuantizedModelTests: XCTestCase {
    private struct Closeness {
        var maxLSB: Double = 0
        var identical = 0, count = 0
        var minCosine = 1.0

        mutating func add(_ a: [Double], _ b: [Double]) {
            var dot = 0.0, na = 0.0, nb = 0.0
            for (x, y) in zip(a, b) {
                maxLSB = max(maxLSB, abs(x - y))
                if x == y { identical += 1 }
                dot += x * y; na += x * x; nb += y * y
            }
            count += a.count
            minCosine = min(minCosine, na == 0 && nb == 0 ? 1 : dot / (na.squareRoot() * nb.squareRoot()))
        }

        var share: Double { count == 0 ? 1 : Double(identical) / Double(count) }
    }

    private func values(_ t: HostTensor) -> [Double] {
        switch t.dtype {
        case .int8: t.values(as: Int8.self).map(Double.init)
        case .uint8: t.values(as: UInt8.self).map(Double.init)
        case .int16: t.values(as: Int16.self).map(Double.init)
        default: t.floatValues().map(Double.init)
        }
    }

    private func root() throws -> String {
        guard let root = SharedData.root else { throw XCTSkip(SharedData.absentMessage) }
        return root
    }

    private func run(_ model: String, _ variant: String, input: String, threads: Int = 2) throws -> [Double] {
        let root = try root()
        let (loaded, _) = try ModelLoader.load(contentsOf: "\(root)/models/\(model)/\(variant).tflite")
        let runner = try Interpreter(model: loaded, delegates: [CPUInt8Delegate(threads: threads), CPUDelegate(threads: threads)]).runner()
        let x = try NPY.read(contentsOf: SharedData.resolve(input))
        return values(try runner.run([x])[0])
    }

    private func load(_ path: String) throws -> [Double] { values(try NPY.read(contentsOf: SharedData.resolve(path))) }

    /// Ours vs the reference kernels, and LiteRT's default path vs the reference kernels, on the 5 raw inputs.
    private func compareWithReferenceKernels(_ model: String, _ variant: String) throws -> (ours: Closeness, litert: Closeness) {
        let refs = try root() + "/refdata/\(model)/"
        var ours = Closeness(), litert = Closeness()
        for n in 0..<5 {
            let input = refs + "\(variant)_raw_input_0\(n).npy"
            guard SharedData.exists(input) else { continue }
            let reference = try load(refs + "\(variant)_ref_raw_output_0\(n).npy")
            ours.add(try run(model, variant, input: input), reference)
            litert.add(try load(refs + "\(variant)_raw_output_0\(n).npy"), reference)
        }
        XCTAssertGreaterThan(ours.count, 0, "no raw inputs for \(model) \(variant)")
        print("\(model) \(variant) vs reference kernels: ours max \(ours.maxLSB) LSB, \(ours.share * 100)% identical, cosine \(ours.minCosine); LiteRT default max \(litert.maxLSB), \(litert.share * 100)%, cosine \(litert.minCosine)")
        return (ours, litert)
    }

    private func checkIntegerModel(_ model: String) throws {
        let (ours, litert) = try compareWithReferenceKernels(model, "int8_only")
        XCTAssertLessThanOrEqual(ours.maxLSB, max(1, litert.maxLSB), "\(model) int8_only max LSB")
        XCTAssertGreaterThanOrEqual(ours.share, litert.share, "\(model) int8_only share identical")
        let (fallback, litertFallback) = try compareWithReferenceKernels(model, "int8_fallback")
        XCTAssertGreaterThanOrEqual(fallback.minCosine, litertFallback.minCosine, "\(model) int8_fallback cosine")
        let (sixteen, _) = try compareWithReferenceKernels(model, "int16x8")
        if sixteen.count > 0 { XCTAssertGreaterThanOrEqual(sixteen.minCosine, 0.9999, "\(model) int16x8 cosine") }
    }

    func testDigitsQuantizedVariants() throws { try checkIntegerModel("digits_cnn") }
    func testMobileNetQuantizedVariants() throws { try checkIntegerModel("mobilenet_v2") }

    func testTinyTransformerQuantizedVariants() throws {
        let (ours, litert) = try compareWithReferenceKernels("tiny_transformer", "int8_only")
        XCTAssertLessThanOrEqual(ours.maxLSB, max(1, litert.maxLSB))
        XCTAssertGreaterThanOrEqual(ours.share, litert.share)
        let (fallback, litertFallback) = try compareWithReferenceKernels("tiny_transformer", "int8_fallback")
        XCTAssertGreaterThanOrEqual(fallback.minCosine, litertFallback.minCosine)
    }

    /// LiteRT cannot run tiny_transformer's int16x8 (no int16 SQUARED_DIFFERENCE): we must, with
    /// a cosine to the float model at least our int8's.
    func testTinyTransformerInt16x8RunsAndBeatsInt8() throws {
        let refs = try root() + "/refdata/tiny_transformer/"
        var cos16 = 1.0, cos8 = 1.0
        for n in 0..<5 {
            let input = refs + "input_0\(n).npy"
            let float = try run("tiny_transformer", "fp32", input: input)
            cos16 = min(cos16, cosine(try run("tiny_transformer", "int16x8", input: input), float))
            // The int8 model takes int8 input: its fallback variant takes the same float input.
            cos8 = min(cos8, cosine(try run("tiny_transformer", "int8_fallback", input: input), float))
        }
        print("tiny_transformer cosine to fp32: int16x8 \(cos16), int8 \(cos8)")
        XCTAssertGreaterThanOrEqual(cos16, cos8)
    }

    /// Dynamic-range models: cosine to our float model at least LiteRT's dynamic vs its float.
    func testDynamicRangeModels() throws {
        let root = try root()
        for model in ["digits_cnn", "mobilenet_v2", "tiny_transformer"] {
            let refs = root + "/refdata/\(model)/"
            var ours = 1.0, litert = 1.0
            for n in 0..<5 {
                let input = refs + "dynamic_raw_input_0\(n).npy"
                guard SharedData.exists(input) else { continue }
                ours = min(ours, cosine(try run(model, "dynamic", input: input), try run(model, "fp32", input: input)))
                litert = min(litert, cosine(try load(refs + "dynamic_raw_output_0\(n).npy"), try load(refs + "fp32_raw_output_0\(n).npy")))
            }
            print("\(model) dynamic cosine to fp32: ours \(ours), LiteRT \(litert)")
            XCTAssertGreaterThanOrEqual(ours, litert, "\(model) dynamic")
        }
    }

    private func cosine(_ a: [Double], _ b: [Double]) -> Double {
        var dot = 0.0, na = 0.0, nb = 0.0
        for (x, y) in zip(a, b) { dot += x * y; na += x * x; nb += y * y }
        return dot / (na.squareRoot() * nb.squareRoot())
    }
}
