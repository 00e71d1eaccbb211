import Foundation
import XCTest
@testable import Common

/// What a kubeconfig lock file may say about its owner, and when that owner counts as gone.
/// A pid of 0 or below must never reach kill(2): kill(0, 0) and kill(-1, 0) address process
/// groups and would "prove" nothing about an owner.
final class LockOwnerTests: XCTestCase {
    func testOwnLineRoundTrips() throws {
        let me = LockOwner.current
        XCTAssertEqual(LockOwner(parsing: Array(me.line.utf8)), me)
        XCTAssertTrue(me.isLocal)
        XCTAssertFalse(me.isProvablyGone, "this process is running")
    }

    func testWhatIsNotAnOwnerLine() {
        for text in ["", "\n", "12345\n", "pid=0 host=h\n", "pid=-1 host=h\n", "pid=x host=h\n", "pid=12 host=\n", "host=h\n",
                     "pid=12\n", "pid=12 host=h garbage\n"] {
            XCTAssertNil(LockOwner(parsing: Array(text.utf8)), text)
        }
    }

    func testOnlyALocalDeadOwnerIsGone() throws {
        // A child that has exited and been reaped: its pid is free (reuse within the test is
        // not a concern at this scale).
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/true")
        try p.run()
        p.waitUntilExit()
        let here = LockOwner.current
        let dead = LockOwner(pid: p.processIdentifier, host: here.host, pidNamespace: here.pidNamespace)
        XCTAssertTrue(dead.isProvablyGone)
        XCTAssertTrue(dead.whereabouts.hasSuffix("no longer running"), dead.whereabouts)
        XCTAssertFalse(LockOwner(pid: dead.pid, host: here.host + "-other", pidNamespace: here.pidNamespace).isProvablyGone)
        XCTAssertFalse(LockOwner(pid: dead.pid, host: here.host, pidNamespace: "pid:[1]").isProvablyGone)
        if here.pidNamespace != nil {
            XCTAssertFalse(LockOwner(pid: dead.pid, host: here.host, pidNamespace: nil).isProvablyGone, "a lock without the pid namespace")
        }
    }
}
