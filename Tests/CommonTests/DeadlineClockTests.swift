import XCTest
@testable import Common

/// The deadline's clock: paused while a person is awaited; budgets parsed and printed.
final class DeadlineClockTests: XCTestCase {
    final class Clock: @unchecked Sendable { var value = 0.0 }

    /// Time spent waiting for a person does not count against the deadline.
    func testPausingStopsTheClock() {
        let clock = Clock()
        let d = Deadline(seconds: 10, clock: { clock.value })
        clock.value = 2
        d.pausing { clock.value = 100 }
        XCTAssertEqual(d.remaining, 8)
        clock.value = 103
        XCTAssertEqual(d.remaining, 5)
        XCTAssertFalse(d.expired)
        clock.value = 108
        XCTAssertTrue(d.expired)
    }

    func testParseAndFormat() {
        XCTAssertEqual(Deadline.parse("10"), 10)
        XCTAssertEqual(Deadline.parse("2.5"), 2.5)
        for bad in ["", "0", "0.05", "-1", "1e3", "abc", "86401", " 5"] { XCTAssertNil(Deadline.parse(bad), bad) }
        XCTAssertEqual(Deadline.format(10), "10")
        XCTAssertEqual(Deadline.format(9.4999), "9.499")
        XCTAssertEqual(Deadline.format(0.1), "0.1")
        XCTAssertEqual(Deadline(seconds: 10).summary, "the 10 s deadline (--timeout or EKSPIPE_TIMEOUT changes it)")
    }
}
