/// The calibrated range of every float activation of every calibrated graph.
public struct CalibrationResult: Sendable {
    /// Ranges per graph index, then per tensor index.
    public var ranges: [Int: [Int: TensorRange]]
    /// Samples run.
    public var samples: Int
    /// Seconds spent running them and collecting statistics.
    public var seconds: Double
    /// The method the ranges were chosen with.
    public var method: CalibrationMethod
}
