import QuantRTCore

/// Builds small graphs by hand for tests.
public struct GraphBuilder {
    public private(set) var tensors: [TensorDescriptor] = []
    public private(set) var nodes: [Node] = []
    public private(set) var inputs: [Int] = []

    public init() {}

    /// Adds a graph input.
    public mutating func input(_ shape: Shape, dtype: DType = .float32, name: String? = nil) -> Int {
        tensors.append(TensorDescriptor(name: name ?? "input\(inputs.count)", dtype: dtype, shape: shape))
        inputs.append(tensors.count - 1)
        return tensors.count - 1
    }

    /// Adds a float32 constant.
    public mutating func constant(_ shape: Shape, _ values: [Float], name: String? = nil) -> Int {
        tensors.append(TensorDescriptor(name: name ?? "const\(tensors.count)", dtype: .float32, shape: shape, data: ConstantData(copying: values)))
        return tensors.count - 1
    }

    /// Adds an int32 constant.
    public mutating func constant(_ shape: Shape, ints values: [Int32], name: String? = nil) -> Int {
        tensors.append(TensorDescriptor(name: name ?? "const\(tensors.count)", dtype: .int32, shape: shape, data: ConstantData(copying: values)))
        return tensors.count - 1
    }

    /// Adds any tensor (a float16 constant, say) and returns its index.
    public mutating func add(_ descriptor: TensorDescriptor) -> Int {
        tensors.append(descriptor)
        return tensors.count - 1
    }

    /// Adds a node writing one new tensor and returns that tensor.
    public mutating func node(_ op: Op, _ inputs: [Int], output shape: Shape, dtype: DType = .float32) -> Int {
        tensors.append(TensorDescriptor(name: "t\(tensors.count)", dtype: dtype, shape: shape))
        nodes.append(Node(op: op, inputs: inputs, outputs: [tensors.count - 1]))
        return tensors.count - 1
    }

    /// The graph with `outputs`.
    public func graph(outputs: [Int]) -> Graph {
        Graph(name: "test", tensors: tensors, nodes: nodes, inputs: inputs, outputs: outputs)
    }
}

/// Deterministic random numbers for tests.
public struct TestRandom {
    private var state: UInt64
    public init(seed: UInt64) { state = seed &+ 0x9E37_79B9_7F4A_7C15 }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in [low, high).
    public mutating func float(_ low: Float = -1, _ high: Float = 1) -> Float {
        low + (high - low) * Float(next() >> 40) / Float(1 << 24)
    }

    /// Uniform in range.
    public mutating func int(_ range: ClosedRange<Int>) -> Int {
        range.lowerBound + Int(next() % UInt64(range.count))
    }

    /// `count` floats.
    public mutating func floats(_ count: Int, _ low: Float = -1, _ high: Float = 1) -> [Float] {
        (0..<count).map { _ in float(low, high) }
    }
}
