/// What a dispatch binds: a tensor of the graph (weights buffer or activation arena), or a
/// tensor's float32 region in the staging buffers at the partition's boundary.
enum GPUOperand: Hashable {
    case tensor(Int)
    case stagingIn(Int)
    case stagingOut(Int)
}

/// One compute dispatch of a node: shader, specialization constants, push constants, bindings.
struct GPUDispatch {
    /// The shader's file name in `Shaders/` without `.comp`.
    var shader: String
    /// Specialization constants 1, 2, … (0 is the workgroup size).
    var constants: [Int32] = []
    /// Push constants (at most 32).
    var parameters: [Int32]
    /// Binding index → operand; 0–2 are read, 3 is written unless ``writtenBindings`` says otherwise.
    var bindings: [Int: GPUOperand]
    /// Invocations the dispatch needs (one per output element, row, …).
    var invocations: Int
    /// The bindings the shader writes.
    var writtenBindings: Set<Int> = [3]
    /// Run the float16-math variant's arithmetic in float32 (a per-op precision override).
    var float32Math = false
    /// Workgroups along y, when the shader gives y a meaning of its own (0: the invocations
    /// are one flat range, spread over x and y as needed).
    var groupsY = 0
    /// The graph node the dispatch belongs to (`nil` for boundary conversions), for profiles.
    var node: Int?

    init(_ shader: String, constants: [Int32] = [], parameters: [Int], bindings: [Int: GPUOperand], invocations: Int) {
        self.shader = shader
        self.constants = constants
        self.parameters = parameters.map { Int32(truncatingIfNeeded: $0) }
        self.bindings = bindings
        self.invocations = invocations
    }
}

/// How a node runs on the GPU.
enum GPUNodePlan {
    /// Compute dispatches, in order (those of one node are independent of each other).
    case dispatches([GPUDispatch])
    /// The output is the input with another shape (RESHAPE, SQUEEZE, EXPAND_DIMS): no work.
    case alias(output: Int, input: Int)
}

/// Why the GPU delegate cannot run a node.
struct GPUUnsupported: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

extension Float {
    /// The bit pattern as a push constant.
    var parameterBits: Int { Int(Int32(bitPattern: bitPattern)) }
}
