import QuantRTConvert
import QuantRTCore
import TestSupport

/// Small float models and datasets built by hand for the converter's tests.
enum SmallModels {
    /// input [1,6,6,2] → CONV_2D (4 filters 3×3, relu) → MAX_POOL_2D 2×2 → RESHAPE [1,36] → FULLY_CONNECTED (5) → [EXP →] SOFTMAX.
    static func cnn(withExp: Bool = false, seed: UInt64 = 1) -> Model {
        var random = TestRandom(seed: seed)
        var b = GraphBuilder()
        let input = b.input([1, 6, 6, 2], name: "image")
        let filter = b.constant([4, 3, 3, 2], random.floats(72), name: "conv_filter")
        let convBias = b.constant([4], random.floats(4, -0.1, 0.1), name: "conv_bias")
        let conv = b.node(.conv2D(Conv2DAttributes(padding: .same, activation: .relu)), [input, filter, convBias], output: [1, 6, 6, 4])
        let pool = b.node(.maxPool2D(Pool2DAttributes(padding: .valid, strideH: 2, strideW: 2, filterH: 2, filterW: 2)), [conv], output: [1, 3, 3, 4])
        let shape = b.constant([2], ints: [1, 36], name: "shape")
        let flat = b.node(.reshape(newShape: nil), [pool, shape], output: [1, 36])
        let weights = b.constant([5, 36], random.floats(180), name: "fc_weights")
        let fcBias = b.constant([5], random.floats(5, -0.1, 0.1), name: "fc_bias")
        var logits = b.node(.fullyConnected(FullyConnectedAttributes()), [flat, weights, fcBias], output: [1, 5])
        if withExp { logits = b.node(.exp, [logits], output: [1, 5]) }
        let probabilities = b.node(.softmax(beta: 1), [logits], output: [1, 5])
        return Model(graphs: [b.graph(outputs: [probabilities])])
    }

    /// `count` random samples for the model's first signature.
    static func dataset(for model: Model, count: Int = 16, seed: UInt64 = 7) -> CalibrationDataset {
        var random = TestRandom(seed: seed)
        let signature = model.signatures[0]
        let graph = model.graphs[signature.graphIndex]
        let samples = (0..<count).map { _ in
            signature.inputs.map { binding -> HostTensor in
                let shape = graph.tensors[binding.tensor].shape
                return HostTensor(shape: shape, floats: random.floats(shape.elementCount))
            }
        }
        return CalibrationDataset(samples: [signature.name: samples])
    }

    /// The ops of graph 0, in order.
    static func ops(_ model: Model) -> [OpKind] { model.graphs[0].nodes.map(\.op.kind) }
}
