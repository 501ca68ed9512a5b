/// How a tensor's calibrated values become the (min, max) its quantization covers.
public enum CalibrationMethod: Sendable, Equatable, CustomStringConvertible {
    /// The smallest and largest value seen over the whole dataset (what the TFLite converter does).
    case minmax
    /// The `percentile`-th and `(100 - percentile)`-th percentiles of all values seen, never beyond
    /// the true min and max: clips rare outliers so the bulk of the values gets finer steps.
    case percentile(Double)
    /// The range, shrunk from (min, max) towards 0, whose int8 quantization has the least mean
    /// squared error over all values seen (rounding error inside, clipping error outside).
    case mse

    /// The percentile used when none is given.
    public static let defaultPercentile = 99.99

    /// Parses `minmax`, `mse`, `percentile` or `percentile:P` (50 < P ≤ 100).
    public init?(argument: String) {
        if argument == "minmax" { self = .minmax; return }
        if argument == "mse" { self = .mse; return }
        if argument == "percentile" { self = .percentile(Self.defaultPercentile); return }
        if argument.hasPrefix("percentile:"), let value = Double(argument.dropFirst("percentile:".count)), value > 50, value <= 100 {
            self = .percentile(value); return
        }
        return nil
    }

    /// Whether the method needs a histogram of every tensor's values.
    var needsHistogram: Bool { self != .minmax }

    public var description: String {
        switch self {
        case .minmax: "minmax"
        case .percentile(let p): "percentile \(p)"
        case .mse: "mse"
        }
    }
}
