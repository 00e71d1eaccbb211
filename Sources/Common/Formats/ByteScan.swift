import Glibc

/// Whole-buffer byte checks and searches for the megabyte texts the readers go through (a
/// kubeconfig with a thousand clusters): eight bytes at a time, or libc's vectorised memchr,
/// instead of a loop that branches on every byte.
public enum ByteScan {
    private static let high: UInt64 = 0x8080_8080_8080_8080
    private static let ones: UInt64 = 0x0101_0101_0101_0101
    private static let low7: UInt64 = 0x7F7F_7F7F_7F7F_7F7F

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
        /// The bytes of `w` that are not allowed, as their high bits. Each test is exact (no
        /// carry crosses a byte: they work on the low seven bits, high bytes are caught apart),
        /// so a word with a `\n` in it needs no byte-by-byte second look.
        @inline(__always) func bad(_ w: UInt64) -> UInt64 {
            let v = w & low7
            let below = ~(v &+ 0x60 &* ones) & high             // < 0x20
            let n = v ^ (0x0A &* ones)
            let newline = ~((n &+ low7) | n) & high             // == 0x0A
            let d = v ^ low7
            let del = ~((d &+ low7) | d) & high                 // == 0x7F
            return (w & high) | (below & ~newline) | del
        }
        var i = 0
        if let base = t.baseAddress {
            let raw = UnsafeRawPointer(base)
            // 64 bytes between branches, so the loop is straight-line work.
            while i + 64 <= t.count {
                var acc: UInt64 = 0
                for k in stride(from: 0, to: 64, by: 8) { acc |= bad(raw.loadUnaligned(fromByteOffset: i + k, as: UInt64.self)) }
                if acc != 0 { return false }
                i += 64
            }
            while i + 8 <= t.count {
                if bad(raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)) != 0 { return false }
                i += 8
            }
        }
        while i < t.count { if !ok(t[i]) { return false }; i += 1 }
        return true
    }
}
