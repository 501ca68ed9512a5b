import ArgumentParser
import Foundation
import QuantRT
import QuantRTCPU
import QuantRTCore
import QuantRTFormat
import QuantRTVulkan

#if canImport(Glibc)
import Glibc
#endif

/// `qrun`: runs a model on NumPy inputs and writes its outputs.
@main
struct QRun: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "qrun",
        abstract: "Run a .tflite or QuantRT .bin model on .npy inputs.",
        discussion: """
        Inputs are given in the signature's input order (--input a.npy --input b.npy) or by name \
        (--input image=a.npy). A float32 array given for an int8/uint8/int16 input is quantized with \
        that input's scale and zero point. A file holding N samples stacked on axis 0, where the model \
        takes 1, runs each sample and writes stacked outputs. Without --input, seeded random inputs are used.
        """)

    @Argument(help: "The model: a .tflite flatbuffer or a QuantRT .bin file.")
    var model: String

    @Option(help: "The signature to run (default: the first).")
    var signature: String?

    @Option(name: .customLong("input"), help: ArgumentHelp("An input .npy file, positional or NAME=FILE.npy; repeat for several.", valueName: "FILE.npy"))
    var inputs: [String] = []

    @Option(help: "Write outputs to DIR/output_0.npy, output_1.npy, …")
    var outputDir: String?

    @Option(help: "Delegates in priority order, comma-separated (available: cpu, int8, reference; `cpu` is the int8 delegate plus the float kernels). The reference kernels always take what nobody claims.")
    var delegate: String = "cpu"

    @Option(help: "The GPU delegate's device: an index or part of its name (default: discrete > integrated > virtual > CPU-type).")
    var gpuDevice: String?

    @Option(help: "The GPU delegate's precision: fp16 (storage and arithmetic), fp16-storage (float32 arithmetic) or fp32 (default: the best the device supports).")
    var gpuPrecision: String?

    @Option(help: "Op types whose GPU arithmetic stays float32 under fp16, comma-separated (e.g. CONV_2D,ADD).")
    var gpuFp32Ops: String?

    @Option(help: "Threads for the CPU kernels.")
    var threads: Int = 1

    @Option(help: "Seed for random inputs.")
    var seed: UInt64 = 0

    @Flag(help: "Write float32 outputs, dequantizing quantized ones.")
    var dequantizeOutputs = false

    @Flag(help: "Print the signatures (names, order, shapes, dtypes, quantization) and exit.")
    var showSignatures = false

    @Flag(help: "Print which node went to which delegate, and why the others refused it.")
    var showPartitions = false

    @OptionGroup(title: "Benchmark mode")
    var bench: BenchmarkOptions

    func validate() throws {
        guard threads >= 1 else { throw ValidationError("--threads must be at least 1 (got \(threads))") }
        if let gpuPrecision, GPUPrecision(parsing: gpuPrecision) == nil {
            throw ValidationError("--gpu-precision must be fp16, fp16-storage or fp32 (got \(gpuPrecision))")
        }
    }

    func run() throws {
        do {
            try execute()
        } catch let error as ExitCode {
            throw error
        } catch let error as InterpreterError {
            printError("\(model): \(error)")
            throw ExitCode.failure
        } catch let error as NodeError {
            printError("\(model): \(error)")
            throw ExitCode.failure
        } catch {
            printError("\(error)")
            throw ExitCode.failure
        }
    }

    private func execute() throws {
        let loadStart = monotonicSeconds()
        let (loaded, format) = try ModelLoader.load(contentsOf: model)
        if showSignatures {
            print(Report.signatures(of: loaded))
            return
        }
        if bench.isActive {
            try runBenchmark(loaded, format: format, loadSeconds: monotonicSeconds() - loadStart)
            return
        }
        let delegates = try DelegateChoice.make(delegate, threads: threads, gpu: gpuOptions)
        let interpreter = try Interpreter(model: loaded, delegates: delegates)
        let runner = try interpreter.runner(signature: signature)
        let initSeconds = monotonicSeconds() - loadStart
        for case let gpu as VulkanDelegate in delegates { print(Report.gpu(gpu)) }
        if showPartitions { print(Report.partitions(of: runner)) }

        let prepared = try InputPreparation.prepare(inputs, for: runner, seed: seed)
        var stacked: [[HostTensor]] = Array(repeating: [], count: runner.signature.outputs.count)
        var runSeconds: [Double] = []
        for sample in 0..<prepared.sampleCount {
            try runner.setInputs(prepared.inputs(at: sample))
            let start = monotonicSeconds()
            try runner.invoke()
            runSeconds.append(monotonicSeconds() - start)
            for position in stacked.indices { stacked[position].append(try runner.output(position)) }
        }
        var outputs = stacked.map { OutputStacking.stack($0, samples: prepared.sampleCount) }
        if dequantizeOutputs {
            outputs = zip(outputs, runner.outputs).map { value, info in
                info.tensor.quantization.map { value.dequantized(with: $0) } ?? value
            }
        }
        var written: [String] = []
        if let outputDir {
            try FileSystem.makeDirectory(outputDir)
            for (position, value) in outputs.enumerated() {
                let path = "\(outputDir)/output_\(position).npy"
                try NPY.write(value, to: path)
                written.append(path)
            }
        }
        print(Report.summary(model: model, format: format, runner: runner, notes: prepared.notes, outputs: outputs,
                             written: written, initSeconds: initSeconds, runSeconds: runSeconds))
    }
}

extension QRun {
    /// The GPU delegate's options from `--gpu-device`, `--gpu-precision`, `--gpu-fp32-ops`.
    var gpuOptions: VulkanOptions {
        let ops = Set((gpuFp32Ops ?? "").split(separator: ",").map { $0.trimmingCharacters(in: " ").uppercased() })
        return VulkanOptions(device: gpuDevice, precision: gpuPrecision.flatMap(GPUPrecision.init(parsing:)), float32Ops: ops)
    }
}

func printError(_ message: String) {
    FileHandle.standardError.write(Data("qrun: error: \(message)\n".utf8))
}

extension QRun {
    /// `--benchmark` / `--compare` / `--profile` / `--json`: measures instead of writing outputs.
    private func runBenchmark(_ model: Model, format: ModelLoader.Format, loadSeconds: Double) throws {
        let names = (bench.compare ?? delegate).split(separator: ",").map { String($0.trimmingCharacters(in: " ")) }
        guard !names.isEmpty else { throw UsageError("--compare needs at least one delegate name") }
        // Prepare once to read the signature and turn the --input files into tensors (sample 0).
        let probe = try Interpreter(model: model, delegates: try DelegateChoice.make(names[0], threads: threads, gpu: gpuOptions)).runner(signature: signature)
        let inputs = try InputPreparation.prepare(self.inputs, for: probe, seed: seed).inputs(at: 0)
        let result = try Benchmark.run(model: model, modelPath: self.model, format: format.rawValue, loadSeconds: loadSeconds,
                                       delegateNames: names, threads: threads, signature: signature, inputs: inputs, options: bench, gpu: gpuOptions)
        print(BenchmarkReport.text(result))
        if let json = bench.json { try BenchmarkReport.writeJSON(result, to: json) }
        if let report = bench.report { try BenchmarkHTMLReport.write(result, to: report) }
    }
}
