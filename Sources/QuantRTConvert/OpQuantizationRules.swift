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

    /// Ops whose constraints are known but whose integer kernels are not in the CPU delegate yet:
    /// they stay float (int8 / int16x8 with fallback) until the kernels land.
    static let noKernelYet = (int8: false, int16x8: false)

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
        // Fixed output ranges.
        .softmax: .init(output: unitInterval),
        .logistic: .init(int8: noKernelYet.int8, int16x8: noKernelYet.int16x8, output: unitInterval),
        .tanh: .init(int8: noKernelYet.int8, int16x8: noKernelYet.int16x8, output: symmetricUnit),
        // Output shares the input's quantization: values are moved or selected, never computed.
        .maxPool2D: .init(output: .sharedWithInputs),
        .reshape: .init(output: .sharedWithInputs), .squeeze: .init(output: .sharedWithInputs),
        .expandDims: .init(output: .sharedWithInputs), .transpose: .init(output: .sharedWithInputs),
        .slice: .init(output: .sharedWithInputs), .stridedSlice: .init(output: .sharedWithInputs),
        .averagePool2D: .init(int8: noKernelYet.int8, int16x8: noKernelYet.int16x8, output: .sharedWithInputs),
        .concatenation: .init(int8: noKernelYet.int8, int16x8: noKernelYet.int16x8, output: .sharedWithInputs),
        .pad: .init(int8: noKernelYet.int8, int16x8: noKernelYet.int16x8, output: .sharedWithInputs),
        .padV2: .init(int8: noKernelYet.int8, int16x8: noKernelYet.int16x8, output: .sharedWithInputs),
        .maximum: .init(int8: noKernelYet.int8, int16x8: noKernelYet.int16x8, output: .sharedWithInputs),
        .minimum: .init(int8: noKernelYet.int8, int16x8: noKernelYet.int16x8, output: .sharedWithInputs),
    ]
}
