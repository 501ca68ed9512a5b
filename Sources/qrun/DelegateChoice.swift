import Foundation
import QuantRT
import QuantRTCPU
import QuantRTVulkan

/// Turns `--delegate cpu,reference,gpu` into delegate instances. `cpu` is our whole CPU path: the
/// `int8` delegate for quantized nodes and the float kernels for the rest.
enum DelegateChoice {
    static let available = ["cpu", "int8", "reference", "gpu (alias vulkan)"]

    /// `gpu` when the device is unavailable becomes `cpu` (or is dropped when `cpu` is listed too),
    /// with one notice line on standard error.
    static func make(_ list: String, threads: Int, gpu: VulkanOptions = VulkanOptions()) throws -> [any Delegate] {
        let names = list.split(separator: ",").map { $0.trimmingCharacters(in: " ") }
        guard !names.isEmpty else { throw UsageError("--delegate needs at least one name (available: \(available.joined(separator: ", ")))") }
        var delegates: [any Delegate] = []
        for name in names {
            switch name {
            case "cpu": delegates += [CPUInt8Delegate(threads: threads), CPUDelegate(threads: threads)]
            case "int8": delegates.append(CPUInt8Delegate(threads: threads))
            case "reference": delegates.append(ReferenceDelegate())
            case "gpu", "vulkan":
                let delegate = VulkanDelegate(options: gpu)
                if delegate.isAvailable {
                    delegates.append(delegate)
                } else {
                    FileHandle.standardError.write(Data("qrun: notice: \(delegate.summary); running on the CPU\n".utf8))
                    if !names.contains("cpu") { delegates += [CPUInt8Delegate(threads: threads), CPUDelegate(threads: threads)] }
                }
            default:
                throw UsageError("unknown delegate '\(name)' (available: \(available.joined(separator: ", ")))")
            }
        }
        return delegates
    }
}

/// A command-line mistake, reported as one line.
struct UsageError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

extension Substring {
    func trimmingCharacters(in set: Character) -> String {
        String(drop { $0 == set }.reversed().drop { $0 == set }.reversed())
    }
}
