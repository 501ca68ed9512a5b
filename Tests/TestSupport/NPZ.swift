import CZlib
import Foundation
import QuantRTCore
import QuantRTFormat

/// Reads NumPy `.npz` archives (zip files of `.npy` members, stored or deflated), as written by
/// `numpy.savez` and `numpy.savez_compressed`. Test-only: the reference data of LiteRT's kernels
/// comes in this form.
public struct NPZArchive {
    /// The members by name without the `.npy` suffix (`t12` for `t12.npy`).
    public let members: [String: HostTensor]

    /// Reads and decodes every member of the archive at `path`.
    public init(contentsOf path: String) throws {
        guard let data = FileManager.default.contents(atPath: path) else { throw NPZError("\(path): cannot read the file") }
        let bytes = [UInt8](data)
        var members: [String: HostTensor] = [:]
        for entry in try Self.centralDirectory(bytes, path) {
            let payload = try Self.payload(of: entry, in: bytes, path)
            let name = entry.name.hasSuffix(".npy") ? String(entry.name.dropLast(4)) : entry.name
            members[name] = try NPY.read(bytes: payload, fileName: "\(path):\(entry.name)")
        }
        self.members = members
    }

    /// The member `name`, or an error naming the archive.
    public func tensor(_ name: String) throws -> HostTensor {
        guard let tensor = members[name] else { throw NPZError("no member \(name) in the archive") }
        return tensor
    }

    private struct Entry {
        let name: String
        let method: UInt16
        let compressedSize: Int
        let size: Int
        let localHeaderOffset: Int
    }

    private static func u16(_ b: [UInt8], _ at: Int) -> Int { Int(b[at]) | Int(b[at + 1]) << 8 }
    private static func u32(_ b: [UInt8], _ at: Int) -> Int { u16(b, at) | u16(b, at + 2) << 16 }

    private static func centralDirectory(_ b: [UInt8], _ path: String) throws -> [Entry] {
        // The end-of-central-directory record sits in the last 64 KiB + 22 bytes.
        guard b.count >= 22 else { throw NPZError("\(path): too short for a zip archive") }
        var end = b.count - 22
        while end >= max(0, b.count - 65_557) && !(b[end] == 0x50 && b[end + 1] == 0x4B && b[end + 2] == 5 && b[end + 3] == 6) { end -= 1 }
        guard end >= 0, end >= max(0, b.count - 65_557) else { throw NPZError("\(path): no zip end-of-directory record") }
        let count = u16(b, end + 10)
        var offset = u32(b, end + 16)
        var entries: [Entry] = []
        for _ in 0..<count {
            guard offset + 46 <= b.count, u32(b, offset) == 0x0201_4B50 else { throw NPZError("\(path): bad central directory entry at \(offset)") }
            let nameLength = u16(b, offset + 28), extraLength = u16(b, offset + 30), commentLength = u16(b, offset + 32)
            guard offset + 46 + nameLength <= b.count else { throw NPZError("\(path): truncated central directory") }
            var compressed = u32(b, offset + 20), size = u32(b, offset + 24), local = u32(b, offset + 42)
            // ZIP64 extra field: sizes and offset that did not fit in 32 bits.
            var extra = offset + 46 + nameLength
            let extraEnd = extra + extraLength
            while extra + 4 <= extraEnd, extraEnd <= b.count {
                let id = u16(b, extra), length = u16(b, extra + 2)
                if id == 1 {
                    var field = extra + 4
                    func next() -> Int { defer { field += 8 }; return u32(b, field) | u32(b, field + 4) << 32 }
                    if size == 0xFFFF_FFFF { size = next() }
                    if compressed == 0xFFFF_FFFF { compressed = next() }
                    if local == 0xFFFF_FFFF { local = next() }
                }
                extra += 4 + length
            }
            let name = String(decoding: b[(offset + 46)..<(offset + 46 + nameLength)], as: UTF8.self)
            entries.append(Entry(name: name, method: UInt16(u16(b, offset + 10)), compressedSize: compressed, size: size, localHeaderOffset: local))
            offset += 46 + nameLength + extraLength + commentLength
        }
        return entries
    }

    private static func payload(of entry: Entry, in b: [UInt8], _ path: String) throws -> [UInt8] {
        let header = entry.localHeaderOffset
        guard header + 30 <= b.count, u32(b, header) == 0x0403_4B50 else { throw NPZError("\(path): bad local header for \(entry.name)") }
        let start = header + 30 + u16(b, header + 26) + u16(b, header + 28)
        guard start + entry.compressedSize <= b.count else { throw NPZError("\(path): \(entry.name) is truncated") }
        let raw = Array(b[start..<(start + entry.compressedSize)])
        switch entry.method {
        case 0: return raw
        case 8: return try inflate(raw, size: entry.size, name: "\(path):\(entry.name)")
        default: throw NPZError("\(path): \(entry.name) uses zip method \(entry.method), only stored and deflated are read")
        }
    }

    private static func inflate(_ input: [UInt8], size: Int, name: String) throws -> [UInt8] {
        var output = [UInt8](repeating: 0, count: size)
        var stream = z_stream()
        guard inflateInit2_(&stream, -MAX_WBITS, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw NPZError("\(name): zlib failed to initialise")
        }
        defer { inflateEnd(&stream) }
        var input = input
        let status = input.withUnsafeMutableBufferPointer { source in
            output.withUnsafeMutableBufferPointer { destination in
                stream.next_in = source.baseAddress
                stream.avail_in = UInt32(source.count)
                stream.next_out = destination.baseAddress
                stream.avail_out = UInt32(destination.count)
                return CZlib.inflate(&stream, Z_FINISH)
            }
        }
        guard status == Z_STREAM_END, Int(stream.total_out) == size else { throw NPZError("\(name): corrupt deflate stream (zlib status \(status))") }
        return output
    }
}

/// A malformed or unreadable `.npz` archive.
public struct NPZError: Error, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}
