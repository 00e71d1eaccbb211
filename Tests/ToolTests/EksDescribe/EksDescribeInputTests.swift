import Foundation
import XCTest

/// Bad names, regions and envelopes are refused with exit 2 before any request: the tool talks
/// to moto through the latency proxy, whose request counter proves nothing was sent.
final class EksDescribeInputTests: EksDescribeTestCase {
    nonisolated(unsafe) static var moto: MotoServer?
    nonisolated(unsafe) static var proxy: LatencyProxy?

    override class func setUp() {
        super.setUp()
        moto = MotoServer.startForClass { m in
            try m.createCluster(name: "real", region: "us-east-1")
            proxy = try LatencyProxy.start(upstream: m.endpoint, latencyMs: 0)
        }
    }

    override class func tearDown() {
        proxy?.stop()
        moto?.stop()
        proxy = nil
        moto = nil
        super.tearDown()
    }

    var proxyEnv: [String: String] { env(Self.keys.merging(["AWS_ENDPOINT_URL": Self.proxy!.url]) { a, _ in a }) }
    func requestsSoFar() throws -> Int { try Self.proxy!.stats().requests }

    /// Runs eks-describe and checks: exit 2, nothing on stdout, every `expect` on stderr, and no
    /// request reached the proxy.
    func assertRefused(_ args: [String], envelope: String? = nil, expect: [String], usageHint: Bool? = nil,
                       file: StaticString = #filePath, line: UInt = #line) throws {
        let before = try requestsSoFar()
        let result = try envelope.map { try describe(args, env: proxyEnv, raw: $0) } ?? describe(args, env: proxyEnv)
        XCTAssertEqual(result.status, 2, "\(args): \(result.stderr)", file: file, line: line)
        XCTAssertEqual(result.out, "", file: file, line: line)
        for e in expect { XCTAssertTrue(result.stderr.contains(e), "\(args): expected '\(e)' in: \(result.stderr)", file: file, line: line) }
        XCTAssertTrue(result.stderr.hasPrefix("eks-describe: "), result.stderr, file: file, line: line)
        if let usageHint {
            XCTAssertEqual(result.stderr.contains("Usage: eks-describe"), usageHint, result.stderr, file: file, line: line)
        }
        XCTAssertEqual(try requestsSoFar(), before, "\(args): a request was made", file: file, line: line)
    }

    func testTheCounterSeesAGoodRun() throws {
        // The control for every other test here: a valid run does go through the proxy.
        let before = try requestsSoFar()
        let r = try describe(["--name", "real", "--region", "us-east-1"], env: proxyEnv)
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertEqual(try requestsSoFar(), before + 1)
    }

    func testBadNamesRefused() throws {
        let tooLong = String(repeating: "a", count: 101)
        for bad in ["bad!name", "-starts-with-dash", "_underscore-first", "has space", "dots.in.name", "ünïcode", "", tooLong, "a/b"] {
            try assertRefused(["--name", "real", "--region", "us-east-1", "--name", bad, "--region", "us-east-1"],
                              expect: ["(--name #2)"], usageHint: true)
        }
        // A name of exactly 100 characters is valid: it is asked for (and not found).
        let before = try requestsSoFar()
        let r = try describe(["--name", String(repeating: "b", count: 100), "--region", "us-east-1"], env: proxyEnv)
        XCTAssertEqual(r.status, 1, r.stderr)
        XCTAssertTrue(r.stderr.contains("ResourceNotFoundException"), r.stderr)
        XCTAssertEqual(try requestsSoFar(), before + 1)
    }

    func testBadRegionsRefused() throws {
        for bad in ["us-east1", "US-EAST-1", "useast", "us-east-1-", "us--east-1", "us-east-x"] {
            try assertRefused(["--name", "real", "--region", "us-east-1", "--name", "other", "--region", bad],
                              expect: ["cluster 'other' (--name #2)", "'\(bad)'", "not an AWS region name"])
        }
        // The default region before the first --name is checked even if every cluster has its own.
        try assertRefused(["--region", "moon-1", "--name", "real", "--region", "us-east-1"], expect: ["--region 'moon-1'"])
    }

    func testEveryBadClusterIsNamedOnItsOwnLine() throws {
        try assertRefused(["--name", "bad!", "--region", "us-east-1", "--name", "ok", "--region", "nowhere",
                           "--name", "fine", "--region", "us-east-1"],
                          expect: ["eks-describe: 'bad!' is not a valid EKS cluster name", "\neks-describe: cluster 'ok' (--name #2): 'nowhere'"])
    }

    func testMissingRegionRefused() throws {
        try assertRefused(["--name", "real"], expect: ["cluster 'real' (--name #1): no region"])
    }

    func testBadEnvelopeClustersRefusedWithTheirPath() throws {
        try assertRefused([], envelope: #"{"clusters": [{"name": "real", "region": "us-east-1"}, {"name": "x y", "region": "us-east-1"}]}"#,
                          expect: ["(stdin: clusters[1])"], usageHint: false)
        try assertRefused([], envelope: #"{"clusters": [{"name": "real", "region": "us-east1"}]}"#,
                          expect: ["cluster 'real' (stdin: clusters[0])", "from stdin: clusters[0].region"])
        try assertRefused([], envelope: #"{"region": "eu-west", "clusters": [{"name": "real"}]}"#, expect: ["'eu-west'"])
        try assertRefused([], envelope: #"{"clusters": [{"region": "us-east-1"}]}"#, expect: ["stdin: clusters[0]: missing field \"name\""])
        try assertRefused([], envelope: #"{"clusters": [{"name": 7}]}"#, expect: ["stdin: clusters[0].name: expected a string, found a number"])
        try assertRefused([], envelope: #"{"clusters": {"name": "real"}}"#, expect: ["stdin: clusters: expected an array"])
        try assertRefused([], envelope: #"{"clusters": ["real"]}"#, expect: ["stdin: clusters[0]: expected an object"])
        try assertRefused([], envelope: #"{"region": 5, "clusters": []}"#, expect: ["stdin: region: expected a string"])
        try assertRefused([], envelope: "{\"clusters\": [\n  {\"name\": \"real\",}\n]}", expect: ["stdin:2:"])
        try assertRefused([], envelope: "[1, 2]", expect: ["expected a JSON object"])
    }

    func testBadEnvelopeCredentialsRefusedBeforeAnyRequest() throws {
        try assertRefused([], envelope: #"{"credentials": {"Version": 1, "AccessKeyId": "AKIA"}, "clusters": [{"name": "real", "region": "us-east-1"}]}"#,
                          expect: ["stdin: credentials: missing field \"SecretAccessKey\""])
    }

    func testFlagMisuseRefused() throws {
        try assertRefused(["--alias", "x", "--name", "real", "--region", "us-east-1"], expect: ["--alias 'x' must follow the --name"], usageHint: true)
        try assertRefused(["--name", "real", "--region", "us-east-1", "--region", "us-east-2"], expect: ["--region given twice for cluster 'real'"])
        try assertRefused(["--name", "real", "--region", "us-east-1", "--bogus"], expect: ["unknown option '--bogus'"])
        try assertRefused([], expect: ["no clusters"], usageHint: true)
        try assertRefused(["--name", "real", "--region", "us-east-1", "--profile", ""], expect: ["--profile needs a non-empty value"])
    }

    func testAClusterListedTwiceIsAskedOnceAndAFlagAddsItsAlias() throws {
        let before = try requestsSoFar()
        let raw = #"{"clusters": [{"name": "real", "region": "us-east-1", "tag": 1}, {"name": "real", "region": "us-east-1", "tag": 2}]}"#
        let r = try describe(["--name", "real", "--region", "us-east-1", "--alias", "prod"], env: proxyEnv, raw: raw)
        XCTAssertEqual(r.status, 0, r.stderr)
        let list = try clusters(r)
        XCTAssertEqual(list.map { $0["tag"] as? Int }, [1, 2], "the flag names a cluster the envelope has: no third entry")
        XCTAssertEqual(list[0]["alias"] as? String, "prod")
        XCTAssertEqual(list[0]["arn"] as? String, "arn:aws:eks:us-east-1:\(MotoServer.accountID):cluster/real")
        XCTAssertEqual(list[1]["arn"] as? String, list[0]["arn"] as? String)
        XCTAssertEqual(try requestsSoFar(), before + 1)
    }

    func testBadEndpointURLRefused() throws {
        let before = try requestsSoFar()
        let r = try describe(["--name", "real", "--region", "us-east-1"], env: proxyEnv.merging(["AWS_ENDPOINT_URL_EKS": "ftp://x"]) { _, b in b })
        XCTAssertEqual(r.status, 2, r.stderr)
        XCTAssertTrue(r.stderr.contains("AWS_ENDPOINT_URL_EKS: not an http(s) URL"), r.stderr)
        XCTAssertEqual(try requestsSoFar(), before)
    }

    func testEmptyClusterListIsANoOp() throws {
        let before = try requestsSoFar()
        let r = try describe([], env: proxyEnv, raw: #"{"identity": "x", "clusters": []}"#)
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertEqual(try r.json() as NSDictionary, ["identity": "x", "clusters": [Any]()] as NSDictionary)
        XCTAssertEqual(try requestsSoFar(), before)
    }

    func testHelp() throws {
        let r = try describe(["--help"], env: proxyEnv)
        XCTAssertEqual(r.status, 0)
        XCTAssertTrue(r.out.hasPrefix("Usage: eks-describe"), r.out)
        XCTAssertEqual(r.stderr, "")
    }

    func testFailedStdoutWriteIsAnError() throws {
        guard FileManager.default.fileExists(atPath: "/dev/full") else { throw XCTSkip("no /dev/full") }
        let r = try Harness.run("eks-describe", ["--name", "real", "--region", "us-east-1"], env: proxyEnv, stdoutPath: "/dev/full")
        XCTAssertEqual(r.status, 1, r.stderr)
        XCTAssertTrue(r.stderr.contains("eks-describe: ") && r.stderr.contains("stdout"), r.stderr)
    }
}
