import Foundation
import QuantRTCore
import QuantRTFormat

/// Reads one input's samples from a stacked `.npy` file or a directory of per-sample files,
/// checking dtype, shape and finiteness against the model input.
enum CalibrationSampleReader {
    /// The samples at `path` for the input `descriptor` (described as `what` in errors).
    static func samples(at path: String, for descriptor: TensorDescriptor, what: String) throws -> [HostTensor] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw ConversionError.badCalibrationData(file: path, message: "no such file or directory (for \(what))")
        }
        if isDirectory.boolValue {
            let files = try FileManager.default.contentsOfDirectory(atPath: path).filter { $0.hasSuffix(".npy") }.sorted()
            guard !files.isEmpty else {
                throw ConversionError.badCalibrationData(file: path, message: "the directory holds no .npy files (for \(what))")
            }
            return try files.map { name in
                let file = path + "/" + name
                let tensor = try read(file, what: what)
                return try oneSample(tensor, file: file, for: descriptor, what: what)
            }
        }
        return try stacked(read(path, what: what), file: path, for: descriptor, what: what)
    }

    private static func read(_ file: String, what: String) throws -> HostTensor {
        do { return try NPY.read(contentsOf: file) } catch {
            throw ConversionError.badCalibrationData(file: file, message: "cannot read it for \(what): \(error)")
        }
    }

    /// A file of samples stacked on axis 0: shape [N] + input shape without its leading 1, or [N] + input shape.
    private static func stacked(_ tensor: HostTensor, file: String, for descriptor: TensorDescriptor, what: String) throws -> [HostTensor] {
        try checkDType(tensor, file: file, for: descriptor, what: what)
        let inner = descriptor.shape.dims.first == 1 ? Array(descriptor.shape.dims.dropFirst()) : descriptor.shape.dims
        let rest = Array(tensor.shape.dims.dropFirst())
        guard tensor.shape.rank >= 1, rest == inner || rest == descriptor.shape.dims else {
            throw ConversionError.badCalibrationData(file: file, message:
                "shape \(tensor.shape) does not fit \(what), \(descriptor.dtype)\(descriptor.shape): expected [N,\(inner.map(String.init).joined(separator: ","))] with samples stacked on axis 0")
        }
        let count = tensor.shape[0]
        guard count > 0 else { throw ConversionError.badCalibrationData(file: file, message: "holds no samples (shape \(tensor.shape)) for \(what)") }
        try checkFinite(tensor, file: file, what: what, samples: count)
        let size = descriptor.byteCount
        return (0..<count).map { HostTensor(dtype: descriptor.dtype, shape: descriptor.shape, bytes: Array(tensor.bytes[($0 * size)..<(($0 + 1) * size)])) }
    }

    /// A file holding one sample: the input's shape, or that shape without its leading 1.
    private static func oneSample(_ tensor: HostTensor, file: String, for descriptor: TensorDescriptor, what: String) throws -> HostTensor {
        try checkDType(tensor, file: file, for: descriptor, what: what)
        let inner = descriptor.shape.dims.first == 1 ? Array(descriptor.shape.dims.dropFirst()) : descriptor.shape.dims
        guard tensor.shape == descriptor.shape || tensor.shape.dims == inner else {
            throw ConversionError.badCalibrationData(file: file, message: "shape \(tensor.shape) does not fit \(what), \(descriptor.dtype)\(descriptor.shape): expected one sample of that shape")
        }
        try checkFinite(tensor, file: file, what: what, samples: 1)
        return HostTensor(dtype: descriptor.dtype, shape: descriptor.shape, bytes: tensor.bytes)
    }

    private static func checkDType(_ tensor: HostTensor, file: String, for descriptor: TensorDescriptor, what: String) throws {
        guard tensor.dtype == descriptor.dtype else {
            throw ConversionError.badCalibrationData(file: file, message: "holds \(tensor.dtype) values, \(what) takes \(descriptor.dtype)\(descriptor.shape)")
        }
    }

    private static func checkFinite(_ tensor: HostTensor, file: String, what: String, samples: Int) throws {
        guard tensor.dtype == .float32 else { return }
        let count = tensor.shape.elementCount
        let firstBad: (index: Int, value: Float)? = tensor.bytes.withUnsafeBytes { raw in
            let values = raw.bindMemory(to: Float.self)
            for index in 0..<count where !values[index].isFinite { return (index, values[index]) }
            return nil
        }
        guard let (bad, value) = firstBad else { return }
        let perSample = Swift.max(count / Swift.max(samples, 1), 1)
        throw ConversionError.badCalibrationData(file: file, message: "sample \(bad / perSample) for \(what) holds \(value) (NaN and Inf cannot be calibrated)")
    }
}
