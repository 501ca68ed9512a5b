import QuantRTCore

/// Decides which GPU-capable nodes the delegate claims, by estimated cost rather than "all it can".
///
/// The GPU-capable nodes that carry activations form islands (connected through the tensors
/// they pass each other). An island that is the whole graph is always claimed: its inputs and
/// outputs cross to the host whichever delegate runs it. An island inside a graph that also has
/// CPU nodes pays a transfer for every tensor crossing its boundary (a submission, a wait, a copy
/// and a precision conversion), so it is claimed only when its work is worth that:
/// at least ``minimumMACsPerBoundaryByte`` multiply-adds per byte crossing and ``minimumMACs`` in all.
/// A lone RESHAPE or ADD between CPU nodes stays on the CPU; a chain of convolutions goes to the GPU.
/// Constant-derived nodes (DEQUANTIZE of float16 weights, DENSIFY) are claimed only when a claimed
/// node reads them.
struct IslandCostModel {
    /// Multiply-adds an island must do per byte crossing its boundary.
    static let minimumMACsPerBoundaryByte = 8
    /// Multiply-adds an island must do in all (below, a submission costs more than it saves).
    static let minimumMACs = 1 << 20

    /// For each node: `nil` when claimed, else why not.
    let refusals: [String?]

    init(graph: Graph, capable: [String?], constantDerived: [Bool]) {
        let producers = graph.producers(), consumers = graph.consumers()
        let count = graph.nodes.count
        var island = [Int](repeating: -1, count: count)
        var islands: [[Int]] = []
        for start in 0..<count where capable[start] == nil && !constantDerived[start] && island[start] < 0 {
            var members: [Int] = [], stack = [start]
            island[start] = islands.count
            while let node = stack.popLast() {
                members.append(node)
                let item = graph.nodes[node]
                let neighbours = item.inputs.compactMap { $0 == Node.absent ? nil : producers[$0] } + item.outputs.flatMap { consumers[$0] }
                for next in neighbours where capable[next] == nil && !constantDerived[next] && island[next] < 0 {
                    island[next] = islands.count
                    stack.append(next)
                }
            }
            islands.append(members)
        }
        let activationNodes = (0..<count).filter { !constantDerived[$0] }.count
        var refusals = capable
        for (index, members) in islands.enumerated() where members.count < activationNodes {
            let inside = Set(members)
            var crossing = Set<Int>()
            for node in members {
                for input in graph.nodes[node].inputs where input != Node.absent && !graph.tensors[input].isConstant {
                    if let producer = producers[input], inside.contains(producer) || constantDerived[producer] { continue }
                    crossing.insert(input)
                }
                for output in graph.nodes[node].outputs
                where graph.outputs.contains(output) || consumers[output].contains(where: { !inside.contains($0) }) {
                    crossing.insert(output)
                }
            }
            let bytes = crossing.reduce(0) { $0 + graph.tensors[$1].byteCount }
            let macs = members.reduce(0) { $0 + Self.multiplyAdds(graph.nodes[$1], in: graph) }
            if macs < Self.minimumMACs || macs < Self.minimumMACsPerBoundaryByte * bytes {
                let reason = "cheaper on the CPU: its GPU island \(index) (\(members.count) nodes, ~\(macs) multiply-adds) would move \(bytes) bytes across the CPU/GPU boundary"
                for node in members { refusals[node] = reason }
            }
        }
        // Constant-derived nodes follow their readers.
        for node in (0..<count).reversed() where constantDerived[node] && refusals[node] == nil {
            let readers = graph.nodes[node].outputs.flatMap { consumers[$0] }
            if !readers.isEmpty && readers.allSatisfy({ refusals[$0] != nil }) { refusals[node] = "its readers run on the CPU" }
        }
        self.refusals = refusals
    }

    /// A rough count of the multiply-adds of a node (element count for element-wise work).
    static func multiplyAdds(_ node: Node, in graph: Graph) -> Int {
        let outputs = node.outputs.reduce(0) { $0 + graph.tensors[$1].shape.elementCount }
        func dims(_ position: Int) -> [Int] { node.input(position).map { graph.tensors[$0].shape.dims } ?? [] }
        switch node.op {
        case .conv2D:
            let f = dims(1)
            return f.count == 4 ? outputs * f[1] * f[2] * f[3] : outputs
        case .depthwiseConv2D:
            let f = dims(1)
            return f.count == 4 ? outputs * f[1] * f[2] : outputs
        case .transposeConv:
            let f = dims(1), x = dims(2)
            return f.count == 4 && x.count == 4 ? x[0] * x[1] * x[2] * f.reduce(1, *) : outputs
        case .fullyConnected:
            return outputs * (dims(1).last ?? 1)
        case .batchMatMul(let a):
            let l = dims(0)
            return outputs * (l.count >= 2 ? (a.adjointX ? l[l.count - 2] : l[l.count - 1]) : 1)
        default:
            return outputs
        }
    }
}
