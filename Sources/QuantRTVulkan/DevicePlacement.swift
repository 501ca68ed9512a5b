import QuantRT

/// Where each tensor of a partition lives on the device: constants packed in the weights
/// buffer, activations in an arena whose regions are reused once a tensor is dead, boundary
/// tensors' float32 copies in the staging buffers.
struct DevicePlacement {
    /// A byte range of one of the partition's buffers.
    struct Region: Equatable {
        enum Buffer: Int { case weights, arena, stagingIn, stagingOut }
        var buffer: Buffer
        var offset: Int
        var size: Int

        func overlaps(_ other: Region) -> Bool {
            buffer == other.buffer && offset < other.offset + other.size && other.offset < offset + size
        }
    }

    var weightOffsets: [Int: Int] = [:]
    var weightsSize = 0
    var arenaOffsets: [Int: Int] = [:]
    var arenaSize = 0
    var stagingInOffsets: [Int: Int] = [:]
    var stagingInSize = 0
    var stagingOutOffsets: [Int: Int] = [:]
    var stagingOutSize = 0

    /// Rounds `size` up to `alignment`.
    static func aligned(_ size: Int, _ alignment: Int) -> Int { (max(size, 1) + alignment - 1) / alignment * alignment }

    /// Plans the arena from each tensor's first and last dispatch.
    mutating func planArena(sizes: [Int: Int], lifetimes: [Int: (first: Int, last: Int)], alignment: Int, tensorCount: Int) {
        let requests = lifetimes.keys.sorted().map { tensor in
            MemoryPlanner.Request(tensor: tensor, size: Self.aligned(sizes[tensor]!, alignment),
                                  firstStep: lifetimes[tensor]!.first, lastStep: lifetimes[tensor]!.last)
        }
        let plan = MemoryPlanner.plan(requests, tensorCount: tensorCount)
        for request in requests { arenaOffsets[request.tensor] = plan.offsets[request.tensor]! }
        arenaSize = plan.arenaSize
    }
}
