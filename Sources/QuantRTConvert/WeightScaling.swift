/// How per-channel int8 weight scales are chosen.
public enum WeightScaling: String, Sendable, CaseIterable {
    /// `max|w| / 127` per channel, as the TFLite converter does (bit-identical weights).
    case maxAbs = "max"
    /// The scale among `α · max|w| / 127` (α from 0.8 to 1) with the least squared rounding-and-
    /// clipping error, per channel.
    case leastSquares = "mse"

    /// The default of `mode`: least squares for `int16x8`, whose error is almost all in the
    /// weights (measured on mobilenet_v2 on our runtime: cosine 0.997340 against 0.997321 with
    /// `max`), TFLite's `max|w|` elsewhere.
    public static func defaultScaling(for mode: ConversionMode) -> WeightScaling {
        mode == .int16x8 ? .leastSquares : .maxAbs
    }
}
