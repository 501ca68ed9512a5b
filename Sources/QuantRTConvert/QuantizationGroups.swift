import QuantRTCore

/// Tensors that must share one quantization (through ops whose output shares its inputs'),
/// and the quantization of each group: fixed by the spec, or from the union of the members' ranges.
struct QuantizationGroups {
    private var parent: [Int]
    private var fixed: [Int: Quantization] = [:]
    private var ranges: [Int: TensorRange] = [:]
    private let activation: DType

    /// One group per tensor of a graph with `tensorCount` tensors.
    init(tensorCount: Int, activation: DType) {
        parent = Array(0..<tensorCount)
        self.activation = activation
    }

    /// The group's representative.
    mutating func root(_ tensor: Int) -> Int {
        var t = tensor
        while parent[t] != t { parent[t] = parent[parent[t]]; t = parent[t] }
        return t
    }

    /// Puts `a` and `b` in one group.
    mutating func join(_ a: Int, _ b: Int) {
        let (ra, rb) = (root(a), root(b))
        guard ra != rb else { return }
        parent[rb] = ra
        if let moved = ranges.removeValue(forKey: rb) { ranges[ra] = ranges[ra].map { $0.union(moved) } ?? moved }
        if let moved = fixed.removeValue(forKey: rb), fixed[ra] == nil { fixed[ra] = moved }
    }

    /// Fixes the quantization of `tensor`'s group.
    mutating func fix(_ tensor: Int, _ quantization: Quantization) { fixed[root(tensor)] = quantization }

    /// Widens `tensor`'s group's range to hold `range`.
    mutating func include(_ tensor: Int, _ range: TensorRange) {
        let r = root(tensor)
        ranges[r] = ranges[r].map { $0.union(range) } ?? range
    }

    /// The quantization of `tensor`'s group: fixed, or computed from the group's range.
    mutating func quantization(of tensor: Int) -> Quantization {
        let r = root(tensor)
        if let fixed = fixed[r] { return fixed }
        return QuantizationMath.activation(ranges[r] ?? TensorRange(min: 0, max: 0), dtype: activation)
    }
}
