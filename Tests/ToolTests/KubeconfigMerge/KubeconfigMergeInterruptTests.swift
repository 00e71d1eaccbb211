import Foundation
import XCTest

/// SIGTERM the moment a run's lock file appears. A lock exists from its open(2) on, but the run
/// learns it holds it a moment later; an interrupt in between once left the lock behind (seen
/// in a full test run on the loaded 2-core machine), blocking every later kubectl write.
final class KubeconfigMergeInterruptTests: KubeconfigMergeTestCase {
    func testAnInterruptAsTheLockAppearsTakesTheLockAlong() throws {
        // The run takes a.lock, then waits for b.lock (held here), so it is alive with a.lock
        // held; the test watches for a.lock without sleeping and kills at once, many times.
        let b = dir.appendingPathComponent("b").path
        FileManager.default.createFile(atPath: b + ".lock", contents: Data("held by the test".utf8))
        for i in 0..<30 {
            let a = dir.appendingPathComponent("a\(i)").path
            let input = home.appendingPathComponent("in\(i).json")
            try Self.envelope([Self.cluster("one", kubeconfig: ["path": a]), Self.cluster("two", kubeconfig: ["path": b])]).write(to: input)
            let p = try Self.mergeProcess(input: input, env: env)
            try p.run()
            let deadline = Date().addingTimeInterval(30)
            while access(a + ".lock", F_OK) != 0 && p.isRunning && Date() < deadline {}
            kill(p.processIdentifier, SIGTERM)
            p.waitUntilExit()
            XCTAssertEqual(p.terminationReason, .uncaughtSignal, "run \(i) ended by itself")
            XCTAssertFalse(FileManager.default.fileExists(atPath: a + ".lock"), "run \(i): its own lock was left behind")
            XCTAssertFalse(FileManager.default.fileExists(atPath: a), "run \(i) wrote a file")
        }
        XCTAssertEqual(FileManager.default.contents(atPath: b + ".lock"), Data("held by the test".utf8))
    }
}
