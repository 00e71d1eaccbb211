import Glibc

/// Whole-buffer byte checks and searches for the megabyte texts the readers go through (a
/// kubeconfig with a thousand clusters): eight bytes at a time, or libc's vectorised memchr,
/// instead of a loop that branches on every byte.
public enum ByteScan {
    private static let high: UInt64 = 0x8080_8080_8080_8080
    private static let ones: UInt64 = 0x0101_0101_0101_0101

    /// Offset of the first `byte` in `t[from..<to]`, or `to`.
    @inline(__always)
    public static func find(_ byte: UInt8, in t: UnsafeBufferPointer<UInt8>, from: Int, to: Int) -> Int {
        guard from < to, let base = t.baseAddress, let hit = memchr(base + from, Int32(byte), to - from) else { return to }
        return base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
    }

    /// Whether every byte is below 0x80.
    public static func isASCII(_ t: UnsafeBufferPointer<UInt8>) -> Bool {
        var i = 0, acc: UInt64 = 0
        if let base = t.baseAddress {
            let raw = UnsafeRawPointer(base)
            while i + 8 <= t.count {
                acc |= raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)
                i += 8
            }
        }
        while i < t.count { acc |= UInt64(t[i]); i += 1 }
        return acc & high == 0
    }

    /// Whether every byte is printable ASCII (0x20-0x7E) or `\n`.
    public static func isPrintableASCIIOrNewline(_ t: UnsafeBufferPointer<UInt8>) -> Bool {
        @inline(__always) func ok(_ b: UInt8) -> Bool { (b >= 0x20 && b < 0x7F) || b == 10 }
        var i = 0
        if let base = t.baseAddress {
            let raw = UnsafeRawPointer(base)
            while i + 8 <= t.count {
                let w = raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)
                // Exact presence tests: a byte >= 0x80; a byte < 0x20; a byte == 0x7F.
                let below = (w &- 0x20 &* ones) & ~w & high
                let d = w ^ (0x7F &* ones)
                let del = (d &- ones) & ~d & high
                if (w & high) | del != 0 { return false }
                if below != 0 {
                    for k in i..<(i + 8) where !ok(t[k]) { return false }
                }
                i += 8
            }
        }
        while i < t.count { if !ok(t[i]) { return false }; i += 1 }
        return true
    }
}
