import QuantRT
import QuantRTCPU

/// Turns `--delegate cpu,reference` into delegate instances. `cpu` is our whole CPU path: the
/// `int8` delegate for quantized nodes and the float kernels for the rest.
enum DelegateChoice {
    static let available = ["cpu", "int8", "reference"]

    static func make(_ list: String, threads: Int) throws -> [any Delegate] {
        let names = list.split(separator: ",").map { $0.trimmingCharacters(in: " ") }
        guard !names.isEmpty else { throw UsageError("--delegate needs at least one name (available: \(available.joined(separator: ", ")))") }
        return try names.flatMap { name -> [any Delegate] in
            switch name {
            case "cpu": return [CPUInt8Delegate(threads: threads), CPUDelegate(threads: threads)]
            case "int8": return [CPUInt8Delegate(threads: threads)]
            case "reference": return [ReferenceDelegate()]
            default:
                throw UsageError("unknown delegate '\(name)' (available: \(available.joined(separator: ", ")))")
            }
        }
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
