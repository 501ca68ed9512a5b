/// Progress of a calibration run, reported after every sample.
public struct CalibrationProgress: Sendable {
    /// Samples run so far.
    public var done: Int
    /// Samples to run in all.
    public var total: Int
    /// Seconds since calibration began.
    public var seconds: Double

    /// Samples per second so far.
    public var samplesPerSecond: Double { seconds > 0 ? Double(done) / seconds : 0 }
}
