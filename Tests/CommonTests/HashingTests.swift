import XCTest
@testable import Common

/// Known answers (FIPS 180 and RFC 4231) for the hash functions built on libcrypto's cores.
final class HashingTests: XCTestCase {
    func testSHA256() {
        XCTAssertEqual(Encoding.hex(Hashing.sha256("")), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        XCTAssertEqual(Encoding.hex(Hashing.sha256("abc")), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }

    func testSHA1() {
        XCTAssertEqual(Encoding.hex(Hashing.sha1("abc")), "a9993e364706816aba3e25717850c26c9cd0d89d")
    }

    func testHMACRFC4231() {
        // Test case 2: short key.
        XCTAssertEqual(Encoding.hex(Hashing.hmacSHA256(key: Array("Jefe".utf8), "what do ya want for nothing?")),
                       "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")
        // Test case 6: a key longer than the block is hashed first.
        XCTAssertEqual(Encoding.hex(Hashing.hmacSHA256(key: [UInt8](repeating: 0xaa, count: 131),
                                                       "Test Using Larger Than Block-Size Key - Hash Key First")),
                       "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54")
    }

    func testRandomBytesDiffer() {
        XCTAssertNotEqual(Hashing.randomBytes(16), Hashing.randomBytes(16))
        XCTAssertEqual(Hashing.randomBytes(5).count, 5)
    }
}
