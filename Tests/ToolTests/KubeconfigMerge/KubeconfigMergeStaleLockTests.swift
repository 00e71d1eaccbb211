import Foundation
import XCTest

/// `<file>.lock` left behind by a SIGKILLed writer: it names its owner (pid, host), and when that
/// owner is provably gone the next run takes the lock over, once, saying so; a lock of a live
/// process, of another host or without an owner (kubectl's) still times out with the message.
final class KubeconfigMergeStaleLockTests: KubeconfigMergeTestCase {
    /// gethostname(2), as the tool records it.
    static func hostname() -> String {
        var buf = [CChar](repeating: 0, count: 256)
        gethostname(&buf, buf.count - 1)
        return String(decoding: buf.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// A real stale lock: a kubeconfig-merge run takes `a.lock`, waits for `b.lock` (held here)
    /// and is killed with SIGKILL, which no handler can catch. Returns the dead writer's pid.
    func leaveStaleLock(on a: String) throws -> Int32 {
        // Locks are taken in path order: this one sorts after every file the tests use.
        let b = dir.appendingPathComponent("zz-blocker").path
        FileManager.default.createFile(atPath: b + ".lock", contents: Data("held by the test".utf8))
        defer { try? FileManager.default.removeItem(atPath: b + ".lock") }
        let input = home.appendingPathComponent("two.json")
        try Self.envelope([Self.cluster("one", kubeconfig: ["path": a]), Self.cluster("two", kubeconfig: ["path": b])]).write(to: input)
        let p = try Self.mergeProcess(input: input, env: env)
        try p.run()
        var waited = 0
        while (bytes(a + ".lock")?.count ?? 0) == 0 && waited < 600 && p.isRunning {
            usleep(20_000)
            waited += 1
        }
        kill(p.processIdentifier, SIGKILL)
        p.waitUntilExit()
        let owner = String(decoding: try XCTUnwrap(bytes(a + ".lock"), "the killed run left no lock"), as: UTF8.self)
        XCTAssertTrue(owner.hasPrefix("pid=\(p.processIdentifier) host=\(Self.hostname())"), owner)
        return p.processIdentifier
    }

    func testLockOfAKilledWriterIsTakenOverWithAMessage() throws {
        let path = dir.appendingPathComponent("config").path
        _ = try kubectl(path, ["config", "set-cluster", "foreign", "--server", "https://f"])
        let dead = try leaveStaleLock(on: path)
        // kubectl cannot write while it stays (it is the same lock).
        let k = try Harness.run("/usr/bin/env", ["kubectl", "--kubeconfig", path, "config", "set-cluster", "x", "--server", "https://x"], env: env)
        XCTAssertNotEqual(k.status, 0)

        let started = Date()
        let r = try merge(["--kubeconfig", path], Self.envelope([Self.cluster("dev-cluster", alias: "dev-eks")]))
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertLessThan(Date().timeIntervalSince(started), 8, "taken over, not waited out")
        let lines = r.stderr.split(separator: "\n").filter { $0.contains("took over") }
        XCTAssertEqual(lines, ["kubeconfig-merge: took over \(path).lock: it was left by pid \(dead) on this host, which is no longer running"], r.stderr)
        XCTAssertEqual(try kubectl(path, ["config", "get-contexts", "-o", "name"]), "dev-eks\n")
        try assertNoDebris(path)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.contains("takeover") }, [])
        // And kubectl writes again.
        _ = try kubectl(path, ["config", "set-cluster", "x", "--server", "https://x"])
    }

    /// Many writers find the same stale lock at once: exactly one takes it over, and the rest
    /// still take turns (no entry is lost, which two simultaneous owners would cause). A writer
    /// that released its lock and exited must not look like a stale owner to a waiter that read
    /// its lock file just before: several rounds, as that race is a narrow one.
    func testManyWritersAgainstOneStaleLockTakeItOverOnce() throws {
        let path = dir.appendingPathComponent("config").path
        _ = try kubectl(path, ["config", "set-cluster", "foreign", "--server", "https://f"])
        let n = 8
        var expected: Set<String> = []
        for round in 0..<4 {
            _ = try leaveStaleLock(on: path)
            var procs: [(Process, URL)] = []
            for i in 0..<n {
                let input = home.appendingPathComponent("in-\(round)-\(i).json")
                try Self.envelope([Self.cluster("c\(round)-\(i)", alias: "ctx-\(round)-\(i)")], identity: "id-\(i)").write(to: input)
                expected.insert("ctx-\(round)-\(i)")
                let errURL = home.appendingPathComponent("err-\(round)-\(i).txt")
                procs.append((try Self.mergeProcess(kubeconfig: path, input: input, stderr: errURL, env: env), errURL))
            }
            for (p, _) in procs { try p.run() }
            var takeovers: [String] = []
            for (p, errURL) in procs {
                p.waitUntilExit()
                let err = (try? String(contentsOf: errURL, encoding: .utf8)) ?? ""
                XCTAssertEqual(p.terminationStatus, 0, err)
                takeovers += err.split(separator: "\n").filter { $0.contains("took over") }.map(String.init)
            }
            XCTAssertEqual(takeovers.count, 1, "round \(round): one run takes the stale lock over, the others wait: \(takeovers)")
            let contexts = try kubectl(path, ["config", "get-contexts", "-o", "name"]).split(separator: "\n").map(String.init)
            XCTAssertEqual(Set(contexts), expected, "round \(round)")
            try assertNoDebris(path)
        }
        XCTAssertEqual(Self.named(try view(path), "clusters").count, expected.count + 1)
    }

    /// Owners that cannot be proven gone: a live process here, a process on another host, an
    /// old-style pid-only lock and kubectl's empty lock. Each times out; the lock stays.
    func testLocksThatMayStillBeHeldAreNotTakenOver() throws {
        let path = dir.appendingPathComponent("config").path
        _ = try kubectl(path, ["config", "set-cluster", "foreign", "--server", "https://f"])
        let original = bytes(path)
        let ns = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/ns/pid")) ?? ""
        let host = Self.hostname()
        let sleeper = Process()
        sleeper.executableURL = URL(fileURLWithPath: "/bin/sleep")
        sleeper.arguments = ["60"]
        try sleeper.run()
        defer { sleeper.terminate(); sleeper.waitUntilExit() }
        let cases: [(String, String?)] = [
            ("pid=\(sleeper.processIdentifier) host=\(host) pidns=\(ns)\n", "held by pid \(sleeper.processIdentifier) on this host, still running"),
            ("pid=999999 host=another-\(host) pidns=\(ns)\n", "held by pid 999999 on host another-\(host)"),
            ("pid=999999 host=\(host) pidns=pid:[1]\n", "held by pid 999999 on host \(host)"),
            ("12345\n", nil),
            ("", nil),
        ]
        for (content, owner) in cases {
            FileManager.default.createFile(atPath: path + ".lock", contents: Data(content.utf8))
            let r = try merge(["--kubeconfig", path, "--lock-timeout", "0.3"], Self.envelope([Self.cluster("dev-cluster")]))
            XCTAssertEqual(r.status, 1, "\(content): \(r.stderr)")
            XCTAssertTrue(r.stderr.contains("\(path) is locked by another process (\(path).lock still exists after 0.3s"), r.stderr)
            if let owner { XCTAssertTrue(r.stderr.contains(owner), "\(content): \(r.stderr)") }
            XCTAssertTrue(r.stderr.contains("remove \(path).lock"), r.stderr)
            XCTAssertFalse(r.stderr.contains("took over"), r.stderr)
            XCTAssertEqual(bytes(path + ".lock"), Data(content.utf8), "someone else's lock is not ours to change")
            XCTAssertEqual(bytes(path), original)
        }
    }
}
