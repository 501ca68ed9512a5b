import QuantRTCore

/// The full-integer rewrite of one graph (`int8`, `int8-only`, `int16x8`): every node with an
/// integer kernel in ``OpQuantizationRules`` gets integer activations (from the calibrated
/// ranges), per-channel int8 weights and integer bias; the others stay float, with QUANTIZE and
/// DEQUANTIZE where float and integer tensors meet. Tensor indices of the graph's and
/// signatures' inputs and outputs keep their meaning (their dtype may change in `int8-only`).
struct IntegerQuantizationPass {
    let scheme: IntegerScheme
    let source: Graph
    let graphIndex: Int
    /// Calibrated ranges of the float activations.
    let ranges: [Int: TensorRange]
    /// The graph's inputs and outputs, plus those of the signatures that run it.
    let boundInputs: Set<Int>
    let boundOutputs: Set<Int>

    private var tensors: [TensorDescriptor]
    private var nodes: [Node] = []
    private var groups: QuantizationGroups
    private var integerHome: [Bool]
    private var integerVersion: [Int: Int] = [:]
    private var floatVersion: [Int: Int] = [:]
    private var quantizedWeights: [Int: Int] = [:]
    private var quantizedConstants: [Int: Int] = [:]

    init(scheme: IntegerScheme, graph: Graph, graphIndex: Int, ranges: [Int: TensorRange], boundInputs: Set<Int>, boundOutputs: Set<Int>) {
        self.scheme = scheme
        self.source = graph
        self.graphIndex = graphIndex
        self.ranges = ranges
        self.boundInputs = boundInputs.union(graph.inputs)
        self.boundOutputs = boundOutputs.union(graph.outputs)
        tensors = graph.tensors
        groups = QuantizationGroups(tensorCount: graph.tensors.count, activation: scheme.activation)
        integerHome = [Bool](repeating: false, count: graph.tensors.count)
    }

    /// Rewrites the graph; returns it with the nodes kept in float. Throws when a node cannot be
    /// integer and the scheme allows no fallback.
    mutating func run() throws -> (graph: Graph, fallbacks: [FloatFallback]) {
        let (integer, fallbacks) = classifyNodes()
        if !scheme.allowFallback, !fallbacks.isEmpty {
            throw ConversionError.opsWithoutIntegerKernel(mode: scheme.mode, nodes: fallbacks)
        }
        chooseQuantization(integer: integer)
        bindInterfaceTensors()
        for (index, node) in source.nodes.enumerated() {
            switch integer[index] {
            case .none: nodes.append(node)
            case .some(false): emitFloat(node)
            case .some(true): emitInteger(node)
            }
        }
        let graph = Graph(name: source.name, tensors: tensors, nodes: nodes, inputs: source.inputs, outputs: source.outputs)
        return (graph, fallbacks)
    }

    // MARK: - Deciding

    private func isActivation(_ tensor: Int) -> Bool { tensor != Node.absent && source.tensors[tensor].isFloatActivation }

    /// Per node: `nil` for nodes without float tensors (left alone), `true` for integer, `false` for float fallback.
    private func classifyNodes() -> ([Bool?], [FloatFallback]) {
        var integer = [Bool?](repeating: nil, count: source.nodes.count)
        var fallbacks: [FloatFallback] = []
        for (index, node) in source.nodes.enumerated() {
            let floatInputs = node.inputs.filter { $0 != Node.absent && source.tensors[$0].dtype == .float32 }
            guard !floatInputs.isEmpty || node.outputs.contains(where: isActivation) else { continue }
            if let reason = refusal(node) {
                integer[index] = false
                fallbacks.append(FloatFallback(graph: graphIndex, node: index, op: node.op.kind.rawValue, reason: reason))
            } else {
                integer[index] = true
            }
        }
        return (integer, fallbacks)
    }

    /// Why `node` cannot be integer, or `nil` when it can.
    private func refusal(_ node: Node) -> String? {
        guard let rule = OpQuantizationRules.rule(for: node.op.kind), scheme.hasKernel(rule) else {
            return "no \(scheme.kernelName) kernel for \(node.op.kind)"
        }
        if let weight = rule.weight, let tensor = node.input(weight.input), source.tensors[tensor].floatConstantValues == nil {
            return "its weights '\(source.tensors[tensor].name)' are not a dense float constant"
        }
        for tensor in node.inputs + node.outputs where tensor != Node.absent {
            let descriptor = source.tensors[tensor]
            if descriptor.dtype == .float32, descriptor.sparsity != nil { return "input '\(descriptor.name)' is sparse" }
            if isActivation(tensor), ranges[tensor] == nil { return "tensor '\(descriptor.name)' was not calibrated" }
        }
        return nil
    }

    /// Groups tensors that share quantization, fixes spec-fixed outputs, records calibrated ranges.
    private mutating func chooseQuantization(integer: [Bool?]) {
        for (index, node) in source.nodes.enumerated() where integer[index] == true {
            let rule = OpQuantizationRules.rule(for: node.op.kind)!
            for output in node.outputs where isActivation(output) {
                integerHome[output] = true
                if case .sharedWithInputs = rule.output {
                    for input in node.inputs where isActivation(input) { groups.join(output, input) }
                }
                if let fixed = scheme.fixed(rule.output) { groups.fix(output, fixed) }
                if scheme.activation == .int16, let bound = Self.activationBound(node.op) {
                    // int16 has resolution to spare: cover the activation's whole range, as TFLite does,
                    // so inputs beyond the calibration set are not clipped.
                    groups.include(output, bound)
                }
            }
        }
        // int16 has resolution to spare (15 bits): ranges get headroom so values beyond the
        // calibration set are not clipped, which costs far more than one bit of resolution.
        let headroom: Float = scheme.activation == .int16 ? scheme.int16Headroom : 1
        for (tensor, range) in ranges { groups.include(tensor, TensorRange(min: range.min * headroom, max: range.max * headroom)) }
        if scheme.integerIO != nil {
            for tensor in boundInputs where isActivation(tensor) { integerHome[tensor] = true }
        }
    }

    /// The output range a clamping activation guarantees (fused or standalone RELU6 / RELU_N1_TO_1).
    static func activationBound(_ op: Op) -> TensorRange? {
        switch (op, op.fusedActivation) {
        case (.relu6, _), (_, .relu6): TensorRange(min: 0, max: 6)
        case (.reluN1To1, _), (_, .reluN1To1): TensorRange(min: -1, max: 1)
        default: nil
        }
    }

    // MARK: - Rewriting

    private mutating func addTensor(like tensor: Int, suffix: String, dtype: DType, quantization: Quantization?) -> Int {
        let original = source.tensors[tensor]
        tensors.append(TensorDescriptor(name: original.name + suffix, dtype: dtype, shape: original.shape, quantization: quantization))
        return tensors.count - 1
    }

    /// Integer-home tensors become integer in place, except the model's float (or uint8) inputs and
    /// outputs, which keep their index and get an integer twin.
    private mutating func bindInterfaceTensors() {
        let suffix = "_" + scheme.activation.rawValue
        for tensor in source.tensors.indices where integerHome[tensor] {
            let quantization = groups.quantization(of: tensor)
            let isInterface = boundInputs.contains(tensor) || boundOutputs.contains(tensor)
            switch scheme.integerIO {
            case .some(.uint8) where isInterface:
                var shifted = quantization
                shifted.zeroPoints = quantization.zeroPoints.map { $0 + 128 }
                tensors[tensor].dtype = .uint8
                tensors[tensor].quantization = shifted
                let twin = addTensor(like: tensor, suffix: suffix, dtype: scheme.activation, quantization: quantization)
                integerVersion[tensor] = twin
                if boundInputs.contains(tensor) { nodes.append(Node(op: .quantize, inputs: [tensor], outputs: [twin])) }
            case .none where boundOutputs.contains(tensor):
                integerVersion[tensor] = addTensor(like: tensor, suffix: suffix, dtype: scheme.activation, quantization: quantization)
                floatVersion[tensor] = tensor
            default:
                tensors[tensor].dtype = scheme.activation
                tensors[tensor].quantization = quantization
                integerVersion[tensor] = tensor
            }
        }
    }

    /// The integer version of activation `tensor`, quantizing a float one here if needed.
    private mutating func integerTensor(_ tensor: Int) -> Int {
        if let existing = integerVersion[tensor] { return existing }
        let twin = addTensor(like: tensor, suffix: "_quantized", dtype: scheme.activation, quantization: groups.quantization(of: tensor))
        nodes.append(Node(op: .quantize, inputs: [tensor], outputs: [twin]))
        integerVersion[tensor] = twin
        return twin
    }

    /// The float version of activation `tensor`, dequantizing an integer one here if needed.
    private mutating func floatTensor(_ tensor: Int) -> Int {
        guard integerHome[tensor] else { return tensor }
        if let existing = floatVersion[tensor] { return existing }
        let twin = addTensor(like: tensor, suffix: "_dequantized", dtype: .float32, quantization: nil)
        nodes.append(Node(op: .dequantize, inputs: [integerVersion[tensor]!], outputs: [twin]))
        floatVersion[tensor] = twin
        return twin
    }

    private mutating func emitFloat(_ node: Node) {
        var rewritten = node
        rewritten.inputs = node.inputs.map { $0 != Node.absent && isActivation($0) ? floatTensor($0) : $0 }
        nodes.append(rewritten)
    }

    private mutating func emitInteger(_ node: Node) {
        let rule = OpQuantizationRules.rule(for: node.op.kind)!
        var rewritten = node
        for (position, tensor) in node.inputs.enumerated() where tensor != Node.absent {
            if let values = source.tensors[tensor].floatConstantValues {
                rewritten.inputs[position] = quantizedConstant(tensor, values: values, position: position, of: node, rule: rule)
            } else if isActivation(tensor) {
                rewritten.inputs[position] = integerTensor(tensor)
            }
        }
        rewritten.outputs = node.outputs.map { integerVersion[$0] ?? $0 }
        nodes.append(rewritten)
        for output in node.outputs where integerHome[output] && integerVersion[output] != output {
            let twin = integerVersion[output]!
            if tensors[output].dtype == .uint8 {
                nodes.append(Node(op: .quantize, inputs: [twin], outputs: [output]))
            } else {
                nodes.append(Node(op: .dequantize, inputs: [twin], outputs: [output]))
            }
        }
    }

    /// A constant input of an integer node: per-channel weights, integer bias, or a per-tensor
    /// constant (sharing the output's quantization when the op requires it).
    private mutating func quantizedConstant(_ tensor: Int, values: [Float], position: Int, of node: Node, rule: OpQuantizationRule) -> Int {
        let original = source.tensors[tensor]
        if let weight = rule.weight, weight.input == position {
            return weightTensor(tensor, values: values, axis: weight.axis, of: node.op.kind)
        }
        if rule.bias == position, let weight = rule.weight, let weightInput = node.input(weight.input), let input = node.input(0) {
            let weights = tensors[weightTensor(weightInput, values: source.tensors[weightInput].floatConstantValues!, axis: weight.axis, of: node.op.kind)]
            let inputScale = groups.quantization(of: input).scale
            let (q, quantization) = QuantizationMath.bias(values, inputScale: inputScale, weightScales: weights.quantization!.scales, dtype: scheme.bias)
            tensors.append(TensorDescriptor(name: original.name, dtype: scheme.bias, shape: original.shape, quantization: quantization,
                                            data: .integers(q, as: scheme.bias)))
            return tensors.count - 1
        }
        if case .sharedWithInputs = rule.output {
            let quantization = groups.quantization(of: node.outputs[0])
            tensors.append(TensorDescriptor(name: original.name, dtype: scheme.activation, shape: original.shape, quantization: quantization,
                                            data: .integers(QuantizationMath.quantize(values, with: quantization, to: scheme.activation), as: scheme.activation)))
            return tensors.count - 1
        }
        if let existing = quantizedConstants[tensor] { return existing }
        let quantization = QuantizationMath.activation(TensorRange(of: values), dtype: scheme.activation)
        tensors.append(TensorDescriptor(name: original.name, dtype: scheme.activation, shape: original.shape, quantization: quantization,
                                        data: .integers(QuantizationMath.quantize(values, with: quantization, to: scheme.activation), as: scheme.activation)))
        quantizedConstants[tensor] = tensors.count - 1
        return tensors.count - 1
    }

    /// The int8 per-channel copy of weight tensor `tensor` (made once).
    private mutating func weightTensor(_ tensor: Int, values: [Float], axis: Int, of kind: OpKind) -> Int {
        if let existing = quantizedWeights[tensor] { return existing }
        let original = source.tensors[tensor]
        let (q, quantization) = QuantizationMath.symmetricPerChannelInt8(values, shape: original.shape, axis: axis, leastSquares: scheme.weightScaling.leastSquares(for: kind))
        tensors.append(TensorDescriptor(name: original.name, dtype: .int8, shape: original.shape, quantization: quantization,
                                        data: .integers(q.map(Int64.init), as: .int8)))
        quantizedWeights[tensor] = tensors.count - 1
        return tensors.count - 1
    }
}
