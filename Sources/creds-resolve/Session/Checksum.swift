/// POSIX `cksum` (CRC-32, polynomial 0x04C11DB7, the length appended): the checksum that tells
/// apart session file names of identities whose names needed changes (SessionFiles.safeName),
/// the same number `printf %s NAME | cksum` prints, so names stay what earlier versions wrote.
enum Checksum {
    private static let table: [UInt32] = (0..<256).map { i -> UInt32 in
        var c = UInt32(i) << 24
        for _ in 0..<8 { c = c & 0x8000_0000 != 0 ? (c << 1) ^ 0x04C1_1DB7 : c << 1 }
        return c
    }

    static func cksum(_ bytes: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0
        func add(_ b: UInt8) { crc = (crc << 8) ^ table[Int((crc >> 24) ^ UInt32(b))] }
        for b in bytes { add(b) }
        var n = bytes.count
        while n > 0 { add(UInt8(n & 0xff)); n >>= 8 }
        return ~crc
    }
}
