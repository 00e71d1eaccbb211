import XCTest
@testable import Common

/// Small text helpers that parsers of AWS files and HTTP headers rely on.
final class TextTests: XCTestCase {
    func testTrimmingHandlesCRLF() {
        XCTAssertEqual("  value\r\n".trimmingWhitespace(), "value")
        XCTAssertEqual("\r\n\tx y\t".trimmingWhitespace(), "x y")
        XCTAssertEqual(" \r\n ".trimmingWhitespace(), "")
    }
}
