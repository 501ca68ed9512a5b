import QuantRTCore

extension KernelNode {
    /// A ``QuantizedMultiplier`` for a real scale ratio computed at prepare, refusing ratios that
    /// overflowed (extreme scales divided or multiplied in float) instead of trapping.
    func multiplier(_ real: Double, _ what: String) throws -> QuantizedMultiplier {
        guard real.isFinite, real >= 0 else {
            throw KernelError.unsupported("\(kind): the \(what) multiplier is \(real); the tensors' scales are too far apart for integer arithmetic")
        }
        return QuantizedMultiplier(real)
    }
}
