import QuantRTCore

/// Turns one node into GPU dispatches, checking everything the shaders assume (dtypes, ranks,
/// attributes, constant parameters). The delegate calls it to answer "can you run this" and
/// again at prepare to record the work.
struct GPUOpEncoder {
    let graph: Graph
    let node: Node

    /// The plan for `node`, or ``GPUUnsupported`` with the reason.
    static func plan(_ node: Node, in graph: Graph) throws -> GPUNodePlan {
        try GPUOpEncoder(graph: graph, node: node).plan()
    }

    func dims(_ tensor: Int) -> [Int] { graph.tensors[tensor].shape.dims }
    func count(_ tensor: Int) -> Int { graph.tensors[tensor].shape.elementCount }

    /// Input `position`, which must be present.
    func input(_ position: Int) throws -> Int {
        guard let tensor = node.input(position) else { throw GPUUnsupported("\(node.op.kind) needs input \(position)") }
        return tensor
    }

    func output() throws -> Int {
        guard node.outputs.count == 1 else { throw GPUUnsupported("\(node.op.kind) with \(node.outputs.count) outputs") }
        return node.outputs[0]
    }

    /// Integer values of a constant input (axes, paddings, shapes).
    func ints(_ position: Int) throws -> [Int] {
        let tensor = try input(position)
        guard let values = graph.constantInts(tensor) else {
            throw GPUUnsupported("\(node.op.kind) needs input \(position) to be an integer constant")
        }
        return values
    }

    /// Every float tensor the node touches is float32 (activations) or float16/float32 (constants).
    func checkTypes(intInputs: Set<Int> = []) throws {
        for (position, tensor) in node.inputs.enumerated() where tensor != Node.absent && !intInputs.contains(position) {
            let descriptor = graph.tensors[tensor]
            let allowed: Set<DType> = descriptor.isConstant ? [.float32, .float16] : [.float32]
            guard allowed.contains(descriptor.dtype), descriptor.quantization == nil else {
                throw GPUUnsupported("\(descriptor.isConstant ? "constant" : "tensor") \(descriptor.summary) is \(descriptor.dtype); the GPU runs float32 graphs (float16 weights)")
            }
        }
        for tensor in node.outputs where graph.tensors[tensor].dtype != .float32 {
            throw GPUUnsupported("output \(graph.tensors[tensor].summary) is not float32")
        }
    }

    func activationCode(_ activation: FusedActivation) throws -> Int {
        switch activation {
        case .none: 0
        case .relu: 1
        case .reluN1To1: 2
        case .relu6: 3
        case .tanh: 4
        case .signBit: throw GPUUnsupported("fused activation SIGN_BIT")
        }
    }

    func plan() throws -> GPUNodePlan {
        switch node.op {
        case .conv2D(let attributes): return try conv2D(attributes)
        case .depthwiseConv2D(let attributes): return try depthwiseConv2D(attributes)
        case .transposeConv(let attributes): return try transposeConv(attributes)
        case .fullyConnected(let attributes): return try fullyConnected(attributes)
        case .batchMatMul(let attributes): return try batchMatMul(attributes)
        case .maxPool2D(let attributes): return try pool(attributes, average: false)
        case .averagePool2D(let attributes): return try pool(attributes, average: true)
        case .add(let activation): return try binary(0, activation)
        case .sub(let activation): return try binary(1, activation)
        case .mul(let activation): return try binary(2, activation)
        case .div(let activation): return try binary(3, activation)
        case .maximum: return try binary(4, .none)
        case .minimum: return try binary(5, .none)
        case .squaredDifference: return try binary(6, .none)
        case .prelu: return try binary(7, .none)
        case .relu: return try unary(0)
        case .relu6: return try unary(1)
        case .reluN1To1: return try unary(2)
        case .leakyRelu(let alpha): return try unary(3, alpha: alpha)
        case .logistic: return try unary(4)
        case .tanh: return try unary(5)
        case .hardSwish: return try unary(6)
        case .gelu(let approximate): return try unary(approximate ? 8 : 7)
        case .exp: return try unary(9)
        case .log: return try unary(10)
        case .sqrt: return try unary(11)
        case .rsqrt: return try unary(12)
        case .neg: return try unary(13)
        case .abs: return try unary(14)
        case .square: return try unary(15)
        case .mean: return try reduce(0)
        case .sum: return try reduce(1)
        case .reduceMax: return try reduce(2)
        case .reduceMin: return try reduce(3)
        case .softmax(let beta): return try softmax(beta: beta, log: false)
        case .logSoftmax: return try softmax(beta: 1, log: true)
        case .concatenation(let axis, let activation): return try concatenation(axis: axis, activation: activation)
        case .reshape, .squeeze, .expandDims: return try alias()
        case .transpose: return try transpose()
        case .pad, .padV2: return try pad()
        case .slice: return try slice()
        case .stridedSlice(let attributes): return try stridedSlice(attributes)
        case .depthToSpace(let blockSize): return try depthToSpace(blockSize)
        case .resizeBilinear(let attributes): return try resize(attributes, nearest: false)
        case .resizeNearestNeighbor(let attributes): return try resize(attributes, nearest: true)
        default: throw GPUUnsupported("no GPU shader for \(node.op.kind)")
        }
    }
}
