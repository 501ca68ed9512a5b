import QuantRTCore

/// How per-channel int8 weight scales are chosen.
public enum WeightScaling: String, Sendable, CaseIterable {
    /// `max|w| / 127` per channel, as the TFLite converter does (bit-identical weights).
    case maxAbs = "max"
    /// The scale among `α · max|w| / 127` (α from 0.8 to 1) with the least squared rounding-and-
    /// clipping error, per channel.
    case leastSquares = "mse"
    /// Least squares for convolution filters (CONV_2D, DEPTHWISE_CONV_2D), `max|w| / 127` for
    /// fully-connected and the others.
    case leastSquaresConvolutions = "mse-conv"
    /// Least squares for FULLY_CONNECTED weights, `max|w| / 127` for the others.
    case leastSquaresFullyConnected = "mse-fc"

    /// Whether weights of `kind` get least-squares scales.
    func leastSquares(for kind: OpKind) -> Bool {
        switch self {
        case .maxAbs: false
        case .leastSquares: true
        case .leastSquaresConvolutions: kind == .conv2D || kind == .depthwiseConv2D
        case .leastSquaresFullyConnected: kind == .fullyConnected
        }
    }

    /// The default of `mode`, chosen by measuring mean output cosine on our integer kernels
    /// (tiny_transformer, mobilenet_v2; README.md): least squares for FULLY_CONNECTED weights in
    /// `int8`/`int8-only`, for convolution filters in `int16x8`; TFLite's `max|w|` (bit-identical
    /// weights) in `dynamic`.
    public static func defaultScaling(for mode: ConversionMode) -> WeightScaling {
        switch mode {
        case .int8, .int8Only: .leastSquaresFullyConnected
        case .int16x8: .leastSquaresConvolutions
        default: .maxAbs
        }
    }
}
