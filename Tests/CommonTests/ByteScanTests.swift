@testable import Common
import XCTest

/// ByteScan's word-at-a-time checks must agree with their byte-by-byte definitions for every
/// byte value at every position of a word and of a 64-byte block, next to newlines and to
/// the bytes just inside and outside the allowed ranges (where a carry would go wrong).
final class ByteScanTests: XCTestCase {
    private func printable(_ bytes: [UInt8]) -> Bool { bytes.allSatisfy { ($0 >= 0x20 && $0 < 0x7F) || $0 == 10 } }

    private func check(_ bytes: [UInt8], file: StaticString = #filePath, line: UInt = #line) {
        let fast = bytes.withUnsafeBufferPointer { ByteScan.isPrintableASCIIOrNewline($0) }
        XCTAssertEqual(fast, printable(bytes), "\(bytes)", file: file, line: line)
    }

    func testPrintableASCIIOrNewlineAgreesWithTheDefinition() {
        let fillers: [UInt8] = [0x61, 0x0A, 0x20, 0x7E, 0x1F, 0x0B, 0x09]
        for length in [1, 7, 8, 9, 63, 64, 65, 130] {
            for filler in fillers.prefix(4) {
                let base = [UInt8](repeating: filler, count: length)
                check(base)
                for position in Set([0, length / 2, length - 1, min(length - 1, 8), min(length - 1, 63)]) {
                    for value in 0...255 {
                        var bytes = base
                        bytes[position] = UInt8(value)
                        check(bytes)
                        // A bad byte next to a newline (the old word test looked again there).
                        if position > 0 { bytes[position - 1] = 0x0A; check(bytes) }
                    }
                }
            }
        }
        check([])
        check(Array("apiVersion: v1\nclusters:\n- cluster:\n    server: https://x\n".utf8))
        check(Array("apiVersion: v1\nclusters:\n- cluster:\n\tserver: https://x\n".utf8))
    }
}
