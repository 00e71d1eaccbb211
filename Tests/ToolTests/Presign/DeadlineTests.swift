import Foundation
import XCTest

/// The overall deadline: an STS or EKS endpoint that accepts the connection and then never
/// answers, or answers a byte per second (scripts/fakes/stalled_endpoint.py), makes every tool
/// fail with exit 1 and a message naming the endpoint, in bounded time — not after 3 attempts
/// of 20 s each. The deadlines are short because the behaviour is the same at any length
/// (except the default's own test): 0.5 s where the tool does the call itself, 2 s where
/// eks-presign waits for its creds-resolve (whose message must arrive within the grace the
/// parent leaves it, a tenth of the deadline, even on a loaded machine); the dripping endpoint
/// sends a byte every 0.1 s, so reads make progress within them. The bounds are generous
/// (several times the deadline): they catch a hang, they do not time anything.
final class DeadlineTests: CredsResolveTestCase {
    var stalled: CredentialFake?

    override func tearDownWithError() throws {
        stalled?.stop()
        try super.tearDownWithError()
    }

    /// A stalled endpoint; returns its `host:port`.
    func startStalled(_ mode: String) throws -> String {
        let fake = try CredentialFake.start("stalled_endpoint.py", ["--mode", mode, "--every", "0.1"])
        stalled = fake
        return String(fake.url.dropFirst("http://".count))
    }

    /// Profile `r` assumes a role with profile `k`'s static keys: the refresh is one STS call.
    func writeRoleProfile() throws {
        try writeConfig("[profile r]\nrole_arn = arn:aws:iam::123456789012:role/deadline\nsource_profile = k\nregion = us-east-1\n\n[profile k]\n")
        try writeCredentials("[k]\naws_access_key_id = AKIADEADLINETEST0001\naws_secret_access_key = deadline-secret\n")
    }

    /// Runs `tool` and returns the result with the seconds it took; a run past `limit` is a hang
    /// (Harness throws).
    func timed(_ tool: String, _ args: [String], env: [String: String], stdin: Data? = nil, limit: TimeInterval)
        throws -> (Harness.Result, TimeInterval) {
        let start = Date()
        let r = try Harness.run(tool, args, env: Harness.isolatedEnv(home: home, extra: env), stdin: stdin, timeout: limit + 5)
        return (r, Date().timeIntervalSince(start))
    }

    func assertFailedNaming(_ host: String, _ r: Harness.Result, _ seconds: TimeInterval, within limit: TimeInterval,
                            tool: String, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(r.status, 1, r.stderr, file: file, line: line)
        XCTAssertLessThan(seconds, limit, "took \(seconds) s: \(r.stderr)", file: file, line: line)
        XCTAssertTrue(r.stderr.hasPrefix("\(tool): "), r.stderr, file: file, line: line)
        XCTAssertTrue(r.stderr.contains(host), "the endpoint is not named: \(r.stderr)", file: file, line: line)
    }

    // MARK: - eks-presign and the creds-resolve it starts

    func testPresignGivesUpOnASilentSTSAndNamesIt() throws {
        try writeRoleProfile()
        let host = try startStalled("silent")
        let (r, seconds) = try timed("eks-presign", ["--cluster-name", "c", "--profile", "r"],
                                     env: ["AWS_ENDPOINT_URL_STS": "http://\(host)", "EKSPIPE_TIMEOUT": "2"], limit: 6)
        assertFailedNaming(host, r, seconds, within: 6, tool: "eks-presign")
        XCTAssertTrue(r.stderr.contains("the 2 s deadline (EKSPIPE_TIMEOUT)"), r.stderr)
        XCTAssertEqual(r.stderr.split(separator: "\n").count, 1, "one line: \(r.stderr)")
        XCTAssertEqual(r.stdout.count, 0)
    }

    func testPresignGivesUpOnADrippingSTS() throws {
        try writeRoleProfile()
        let host = try startStalled("drip")
        let (r, seconds) = try timed("eks-presign", ["--cluster-name", "c", "--profile", "r", "--timeout", "2"],
                                     env: ["AWS_ENDPOINT_URL_STS": "http://\(host)"], limit: 6)
        assertFailedNaming(host, r, seconds, within: 6, tool: "eks-presign")
        XCTAssertTrue(r.stderr.contains("the 2 s deadline (--timeout)"), r.stderr)
    }

    /// Without any setting the kubectl path gives up after 10 s (not 3 × 20 s).
    func testPresignDefaultDeadlineIsShort() throws {
        try writeRoleProfile()
        let host = try startStalled("silent")
        let (r, seconds) = try timed("eks-presign", ["--cluster-name", "c", "--profile", "r"],
                                     env: ["AWS_ENDPOINT_URL_STS": "http://\(host)"], limit: 30)
        assertFailedNaming(host, r, seconds, within: 30, tool: "eks-presign")
        XCTAssertTrue(r.stderr.contains("the 10 s deadline (--timeout or EKSPIPE_TIMEOUT changes it)"), r.stderr)
    }

    /// A child that does not end by itself (here its credential_process hangs) is killed at
    /// the deadline together with what it started, and reaped.
    func testPresignStopsAHungChildAndWhatItStarted() throws {
        let pids = home.appendingPathComponent("pids")
        let script = home.appendingPathComponent("hang.sh")
        try "#!/bin/sh\necho \"$$ $PPID\" > '\(pids.path)'\nexec sleep 1000\n".write(to: script, atomically: true, encoding: .utf8)
        chmod(script.path, 0o755)
        try writeConfig("[profile p]\ncredential_process = \(script.path)\n")
        let (r, seconds) = try timed("eks-presign", ["--cluster-name", "c", "--profile", "p"], env: ["EKSPIPE_TIMEOUT": "2"], limit: 6)
        XCTAssertEqual(r.status, 1, r.stderr)
        XCTAssertLessThan(seconds, 6, r.stderr)
        XCTAssertTrue(r.stderr.contains("creds-resolve did not finish within the 2 s deadline (EKSPIPE_TIMEOUT) and was stopped"), r.stderr)
        let recorded = try String(contentsOf: pids, encoding: .utf8).split(separator: " ").compactMap { Int32($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
        XCTAssertEqual(recorded.count, 2)
        for pid in recorded {
            XCTAssertTrue(Self.endsSoon(pid), "process \(pid) (\(Self.state(pid) ?? "?")) still runs after eks-presign returned")
        }
    }

    // MARK: - the login tools

    func testCredsResolveGivesUpAtItsDeadline() throws {
        try writeRoleProfile()
        for mode in ["silent", "drip"] {
            let host = try startStalled(mode)
            let (r, seconds) = try timed("creds-resolve", ["--profile", "r", "--timeout", "0.5"],
                                         env: ["AWS_ENDPOINT_URL_STS": "http://\(host)"], limit: 6)
            assertFailedNaming(host, r, seconds, within: 6, tool: "creds-resolve")
            XCTAssertEqual(r.stdout.count, 0)
            stalled?.stop()
        }
    }

    func testEksDescribeGivesUpAtItsDeadline() throws {
        let envelope = #"{"credentials": {"Version": 1, "AccessKeyId": "AKIADEADLINETEST0001", "SecretAccessKey": "s"}, "region": "us-east-1"}"#
        for mode in ["silent", "drip"] {
            let host = try startStalled(mode)
            let (r, seconds) = try timed("eks-describe", ["--name", "c1", "--name", "c2"],
                                         env: ["AWS_ENDPOINT_URL_EKS": "http://\(host)", "EKSPIPE_TIMEOUT": "0.5"],
                                         stdin: Data(envelope.utf8), limit: 6)
            assertFailedNaming(host, r, seconds, within: 6, tool: "eks-describe")
            let clusters = try XCTUnwrap(try r.json()["clusters"] as? [[String: Any]])
            XCTAssertEqual(clusters.count, 2)
            for c in clusters {
                let message = (c["error"] as? [String: Any])?["message"] as? String ?? ""
                XCTAssertTrue(message.contains(host), "\(c)")
            }
            stalled?.stop()
        }
    }

    func testBadTimeoutIsAUsageError() throws {
        for (tool, args, env) in [("eks-presign", ["--cluster-name", "c", "--timeout", "0"], [String: String]()),
                                  ("eks-presign", ["--cluster-name", "c"], ["EKSPIPE_TIMEOUT": "soon"]),
                                  ("creds-resolve", ["--timeout", "-1"], [:]),
                                  ("eks-describe", ["--name", "c", "--timeout", "1e9"], [:])] {
            let r = try Harness.run(tool, args, env: Harness.isolatedEnv(home: home, extra: env))
            XCTAssertEqual(r.status, 2, "\(tool) \(args) \(env): \(r.stderr)")
            XCTAssertTrue(r.stderr.hasPrefix("\(tool): "), r.stderr)
            XCTAssertTrue(r.stderr.contains("EKSPIPE_TIMEOUT") || r.stderr.contains("--timeout"), r.stderr)
            XCTAssertEqual(r.stdout.count, 0)
        }
    }

    // MARK: - through kubectl

    /// kubectl runs a failing plugin again and again (six times for `get ns`): each run is
    /// bounded, so the command fails in seconds, saying which endpoint did not answer.
    func testKubectlGetNamespacesFailsInBoundedTime() throws {
        guard let kubectl = BackgroundProcess.which("kubectl") else { throw XCTSkip("kubectl not on PATH (run scripts/setup)") }
        try writeRoleProfile()
        let host = try startStalled("silent")
        let kube = try FakeKube.start(clusterID: "c")
        defer { kube.stop() }
        let config = try kube.writeKubeconfig(in: home, command: Harness.tool("eks-presign"),
                                              args: ["--cluster-name", "c", "--profile", "r"],
                                              env: ["AWS_ENDPOINT_URL_STS": "http://\(host)", "EKSPIPE_TIMEOUT": "1"])
        let start = Date()
        let r = try Harness.run(kubectl, ["--kubeconfig", config, "get", "ns"], env: Harness.isolatedEnv(home: home), timeout: 90)
        let seconds = Date().timeIntervalSince(start)
        XCTAssertNotEqual(r.status, 0, r.out)
        XCTAssertLessThan(seconds, 30, "kubectl took \(seconds) s")
        XCTAssertTrue(r.stderr.contains("eks-presign: could not get credentials for profile r"), r.stderr)
        XCTAssertTrue(r.stderr.contains(host), r.stderr)
        XCTAssertTrue(kube.decisions().isEmpty, "no request reached the API server without a token")
    }

    // MARK: - helpers

    /// The process's state letter from /proc (nil when it is gone).
    static func state(_ pid: Int32) -> String? {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = stat.lastIndex(of: ")") else { return nil }
        return stat[stat.index(after: close)...].split(separator: " ").first.map(String.init)
    }

    /// True once the process is gone or a zombie (dead; its new parent may not reap it in a
    /// container without an init), waiting a few seconds for the kill to land.
    static func endsSoon(_ pid: Int32) -> Bool {
        for _ in 0..<100 {
            let s = state(pid)
            if s == nil || s == "Z" || s == "X" { return true }
            usleep(50_000)
        }
        return false
    }
}
