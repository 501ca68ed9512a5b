import QuantRTCore

/// The one table of quantization constraints: for each op, whether an integer kernel exists
/// (int8, 16x8), how its output is quantized, and which inputs are weights and bias.
///
/// The constraints are those of the TFLite int8 and 16x8 quantization specs, so our quantized
/// models are numerically interchangeable with the TFLite converter's. An op missing here has
/// no integer kernel: `int8` and `int16x8 --allow-float-fallback` keep it in float with
/// QUANTIZE / DEQUANTIZE at its edges, `int8-only` and `int16x8` refuse it.
public enum OpQuantizationRules {
    /// The rule for `kind`, or `nil` when the op has no integer kernel.
    public static func rule(for kind: OpKind) -> OpQuantizationRule? { table[kind] }

    /// SOFTMAX and LOGISTIC outputs: [0, 1).
    static let unitInterval = OpQuantizationRule.Output.fixed(
        int8: FixedQuantization(scale: 1.0 / 256, zeroPoint: -128), int16: FixedQuantization(scale: 1.0 / 32768, zeroPoint: 0))
    /// TANH outputs: [−1, 1).
    static let symmetricUnit = OpQuantizationRule.Output.fixed(
        int8: FixedQuantization(scale: 1.0 / 128, zeroPoint: 0), int16: FixedQuantization(scale: 1.0 / 32768, zeroPoint: 0))

    /// Ops with an int8 kernel in the CPU delegate whose 16x8 variant is not claimed (yet): they stay
    /// float in `int16x8 --allow-float-fallback`.
    static let int8Only = (int8: true, int16x8: false)

    /// The table.
    public static let table: [OpKind: OpQuantizationRule] = [
        // Weights per output channel: axis 0 of OHWI filters and [O, I] matrices, axis 3 of [1, H, W, C] depthwise filters.
        .conv2D: .init(weight: .init(input: 1, axis: 0), bias: 2, dynamicRange: true),
        .depthwiseConv2D: .init(weight: .init(input: 1, axis: 3), bias: 2, dynamicRange: true),
        .fullyConnected: .init(weight: .init(input: 1, axis: 0), bias: 2, dynamicRange: true),
        .batchMatMul: .init(),
        // Elementwise and reductions with their own calibrated output.
        .add: .init(), .sub: .init(), .mul: .init(), .squaredDifference: .init(),
        .rsqrt: .init(), .neg: .init(), .gelu: .init(), .relu: .init(), .relu6: .init(), .reluN1To1: .init(),
        .leakyRelu: .init(), .mean: .init(),
        .hardSwish: .init(int8: int8Only.int8, int16x8: int8Only.int16x8),
        .abs: .init(int8: int8Only.int8, int16x8: int8Only.int16x8),
        .sum: .init(int8: int8Only.int8, int16x8: int8Only.int16x8),
        // Fixed output ranges.
        .softmax: .init(output: unitInterval),
        .logistic: .init(output: unitInterval),
        .tanh: .init(output: symmetricUnit),
        // Output shares the input's quantization: values are moved or selected, never computed.
        .maxPool2D: .init(output: .sharedWithInputs), .averagePool2D: .init(output: .sharedWithInputs),
        .reshape: .init(output: .sharedWithInputs), .squeeze: .init(output: .sharedWithInputs),
        .expandDims: .init(output: .sharedWithInputs), .transpose: .init(output: .sharedWithInputs),
        .slice: .init(output: .sharedWithInputs), .stridedSlice: .init(output: .sharedWithInputs),
        .concatenation: .init(output: .sharedWithInputs),
        .pad: .init(output: .sharedWithInputs), .padV2: .init(output: .sharedWithInputs),
        .maximum: .init(output: .sharedWithInputs), .minimum: .init(output: .sharedWithInputs),
        .tile: .init(output: .sharedWithInputs), .gather: .init(output: .sharedWithInputs),
        .split: .init(output: .sharedWithInputs), .splitV: .init(output: .sharedWithInputs),
        .unpack: .init(output: .sharedWithInputs),
        .depthToSpace: .init(output: .sharedWithInputs), .spaceToDepth: .init(output: .sharedWithInputs),
        .reduceMax: .init(int8: int8Only.int8, int16x8: int8Only.int16x8, output: .sharedWithInputs),
        .reduceMin: .init(int8: int8Only.int8, int16x8: int8Only.int16x8, output: .sharedWithInputs),
        .resizeBilinear: .init(int8: int8Only.int8, int16x8: int8Only.int16x8, output: .sharedWithInputs),
        .resizeNearestNeighbor: .init(int8: int8Only.int8, int16x8: int8Only.int16x8, output: .sharedWithInputs),
        .pack: .init(int8: int8Only.int8, int16x8: int8Only.int16x8, output: .sharedWithInputs),
    ]
}
