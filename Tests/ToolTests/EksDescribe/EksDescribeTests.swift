import Foundation
import XCTest

/// Runs of the built eks-describe with an isolated HOME and exactly the environment a test gives.
class EksDescribeTestCase: XCTestCase {
    var scratch: ScratchHome!
    var home: URL! { scratch?.url }

    override func setUpWithError() throws { scratch = try makeScratchHome("eks-describe") }

    /// Keys moto accepts (it does not check signatures by default).
    static let keys = ["AWS_ACCESS_KEY_ID": "AKIAEKSDESCRIBETEST0", "AWS_SECRET_ACCESS_KEY": "describe-test-secret"]

    func env(_ extra: [String: String] = [:]) -> [String: String] {
        Harness.isolatedEnv(home: home, extra: extra)
    }

    /// `eks-describe args` with `envelope` (a JSON object) on stdin, or stdin from /dev/null.
    func describe(_ args: [String], env: [String: String], envelope: [String: Any]? = nil) throws -> Harness.Result {
        let input = try envelope.map { try JSONSerialization.data(withJSONObject: $0) }
        return try Harness.run("eks-describe", args, env: env, stdin: input)
    }

    func describe(_ args: [String], env: [String: String], raw: String) throws -> Harness.Result {
        try Harness.run("eks-describe", args, env: env, stdin: Data(raw.utf8))
    }

    func clusters(_ r: Harness.Result, file: StaticString = #filePath, line: UInt = #line) throws -> [[String: Any]] {
        let list = try r.json()["clusters"] as? [[String: Any]]
        return try XCTUnwrap(list, "no clusters array in \(r.out)", file: file, line: line)
    }

    /// The keys of the objects at `indent` spaces in the pretty output, in order: the printed
    /// order (JSONSerialization forgets it).
    static func keyOrder(_ text: String, indent: Int) -> [String] {
        let prefix = String(repeating: " ", count: indent) + "\""
        return text.split(separator: "\n").compactMap { line in
            guard line.hasPrefix(prefix), line.dropFirst(indent).first == "\"" else { return nil }
            let rest = line.dropFirst(prefix.count)
            guard let end = rest.firstIndex(of: "\"") else { return nil }
            return String(rest[..<end])
        }
    }
}

/// eks-describe against moto's EKS: what it writes is what boto3 reads from the same emulator,
/// failures are per cluster, the envelope passes through, credentials come from the envelope or
/// the environment.
final class EksDescribeTests: EksDescribeTestCase {
    nonisolated(unsafe) static var moto: MotoServer?
    /// (name, region, Kubernetes version) created in moto for every test of the class.
    static let created: [(name: String, region: String, version: String)] = [
        ("alpha", "us-east-1", "1.31"), ("beta", "eu-west-1", "1.30"), ("gamma", "ap-southeast-2", "1.29"),
        ("delta", "us-west-2", "1.31"), ("shared", "us-east-1", "1.31"), ("shared", "eu-central-1", "1.28"),
    ]

    override class func setUp() {
        super.setUp()
        moto = MotoServer.startForClass { m in
            for c in created { try m.createCluster(name: c.name, region: c.region, version: c.version) }
        }
    }

    override class func tearDown() {
        moto?.stop()
        moto = nil
        super.tearDown()
    }

    var moto: MotoServer { Self.moto! }
    func motoEnv(_ extra: [String: String] = [:]) -> [String: String] {
        var e = env(Self.keys.merging(moto.endpointEnvironment) { a, _ in a })
        for (k, v) in extra { e[k] = v }
        return e
    }

    /// DescribeCluster as boto3 reads it from the same moto.
    func boto(_ name: String, _ region: String) throws -> [String: Any] {
        try XCTUnwrap(try moto.call("eks", "describe_cluster", ["name": name], region: region)["cluster"] as? [String: Any])
    }

    func assertMatchesBoto(_ c: [String: Any], file: StaticString = #filePath, line: UInt = #line) throws {
        let name = try XCTUnwrap(c["name"] as? String, file: file, line: line)
        let region = try XCTUnwrap(c["region"] as? String, file: file, line: line)
        let b = try boto(name, region)
        XCTAssertNil(c["error"], "\(name) (\(region))", file: file, line: line)
        XCTAssertEqual(c["arn"] as? String, b["arn"] as? String, "\(name) (\(region)) arn", file: file, line: line)
        XCTAssertEqual(c["endpoint"] as? String, b["endpoint"] as? String, "\(name) (\(region)) endpoint", file: file, line: line)
        XCTAssertEqual(c["certificateAuthorityData"] as? String, (b["certificateAuthority"] as? [String: Any])?["data"] as? String,
                       "\(name) (\(region)) CA", file: file, line: line)
        XCTAssertEqual(c["status"] as? String, b["status"] as? String, "\(name) (\(region)) status", file: file, line: line)
        XCTAssertEqual(c["version"] as? String, b["version"] as? String, "\(name) (\(region)) version", file: file, line: line)
        XCTAssertEqual(c["platformVersion"] as? String, b["platformVersion"] as? String, "\(name) (\(region)) platform", file: file, line: line)
        for key in ["arn", "endpoint", "certificateAuthorityData", "status", "version", "platformVersion"] {
            XCTAssertFalse((c[key] as? String ?? "").isEmpty, "\(name) (\(region)): \(key) empty", file: file, line: line)
        }
    }

    func testClustersInSeveralRegionsMatchBoto3() throws {
        // Some from flags (with the default region before the first --name), some from the envelope.
        let envelope: [String: Any] = ["region": "eu-west-1", "clusters": [
            ["name": "gamma", "region": "ap-southeast-2"], ["name": "beta"], ["name": "shared", "region": "eu-central-1"],
        ]]
        let r = try describe(["--region", "us-east-1", "--name", "alpha", "--name", "delta", "--region", "us-west-2", "--alias", "d",
                              "--name", "shared"], env: motoEnv(), envelope: envelope)
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertEqual(r.stderr, "")
        let list = try clusters(r)
        XCTAssertEqual(list.map { $0["name"] as? String }, ["gamma", "beta", "shared", "alpha", "delta", "shared"])
        // The envelope's region for the envelope's cluster without one; the --region before the
        // first --name for flag clusters without their own.
        XCTAssertEqual(list.map { $0["region"] as? String },
                       ["ap-southeast-2", "eu-west-1", "eu-central-1", "us-east-1", "us-west-2", "us-east-1"])
        XCTAssertEqual(list[4]["alias"] as? String, "d")
        for c in list { try assertMatchesBoto(c) }
        // Same name, two regions: two different clusters.
        XCTAssertNotEqual(list[2]["arn"] as? String, list[5]["arn"] as? String)
        XCTAssertEqual(list[5]["arn"] as? String, "arn:aws:eks:us-east-1:\(MotoServer.accountID):cluster/shared")
    }

    func testRegionFromEnvironmentWhenNoneIsGiven() throws {
        let r = try describe(["--name", "beta"], env: motoEnv(["AWS_REGION": "eu-west-1"]))
        XCTAssertEqual(r.status, 0, r.stderr)
        let list = try clusters(r)
        XCTAssertEqual(list.count, 1)
        XCTAssertEqual(list[0]["region"] as? String, "eu-west-1")
        try assertMatchesBoto(list[0])
    }

    func testMissingClusterAmongFoundOnes() throws {
        let r = try describe(["--name", "alpha", "--region", "us-east-1", "--name", "no-such-cluster", "--region", "eu-west-1",
                              "--name", "beta", "--region", "eu-west-1"], env: motoEnv())
        XCTAssertEqual(r.status, 3, r.stderr)
        let list = try clusters(r)
        XCTAssertEqual(list.count, 3)
        try assertMatchesBoto(list[0])
        try assertMatchesBoto(list[2])
        let missing = list[1]
        let error = try XCTUnwrap(missing["error"] as? [String: Any])
        XCTAssertEqual(error["code"] as? String, "ResourceNotFoundException")
        XCTAssertTrue((error["message"] as? String ?? "").contains("no-such-cluster"), "\(error)")
        for key in ["arn", "endpoint", "certificateAuthorityData", "status"] { XCTAssertNil(missing[key], key) }
        let lines = r.stderr.split(separator: "\n")
        XCTAssertEqual(lines.count, 1, r.stderr)
        XCTAssertTrue(lines.first?.hasPrefix("eks-describe: no-such-cluster (eu-west-1): ResourceNotFoundException: ") == true, r.stderr)
    }

    func testAllMissingIsExitOneWithTheEnvelopeWritten() throws {
        let r = try describe(["--name", "nothing-here", "--region", "us-east-1", "--name", "alpha", "--region", "eu-west-1"], env: motoEnv())
        XCTAssertEqual(r.status, 1, r.stderr)
        let list = try clusters(r)
        XCTAssertEqual(list.compactMap { ($0["error"] as? [String: Any])?["code"] as? String },
                       ["ResourceNotFoundException", "ResourceNotFoundException"])
        XCTAssertEqual(r.stderr.split(separator: "\n").count, 2, r.stderr)
        XCTAssertTrue(r.stderr.contains("eks-describe: alpha (eu-west-1): ResourceNotFoundException"), r.stderr)
    }

    func testEnvelopeFieldsKeptInOrder() throws {
        let raw = """
            {"credentials": {"Version": 1, "AccessKeyId": "AKIAENVELOPE00000000", "SecretAccessKey": "envelope-secret"},
             "source": {"kind": "assume-role", "profile": "dev", "roleArn": "arn:aws:iam::123456789012:role/dev"},
             "identity": "dev-admin", "config": "/tmp/atmos.yaml", "region": "us-west-2",
             "zeta": [1, 2.5, null, true, {"b": 1, "a": 2}],
             "clusters": [
               {"name": "delta", "alias": "dev-eks", "integration": "dev/eks/primary", "region": "us-west-2",
                "kubeconfig": {"path": "/tmp/k", "mode": "0600", "update": "merge"}, "extra": {"z": 1, "a": 2}},
               {"name": "broken", "region": "us-east-1", "error": {"code": "AccessDenied", "message": "from creds-resolve"}, "keep": 1}
             ],
             "kubeconfig": {"files": []},
             "after": "last"}
            """
        let r = try describe([], env: env(moto.endpointEnvironment), raw: raw)
        XCTAssertEqual(r.status, 3, r.stderr)
        XCTAssertEqual(Self.keyOrder(r.out, indent: 2),
                       ["credentials", "source", "identity", "config", "region", "zeta", "clusters", "kubeconfig", "after"])
        let out = try r.json()
        let input = try JSONSerialization.jsonObject(with: Data(raw.utf8)) as! [String: Any]
        for key in ["credentials", "source", "identity", "config", "region", "zeta", "kubeconfig", "after"] {
            XCTAssertEqual(out[key] as? NSObject, input[key] as? NSObject, key)
        }
        let list = try clusters(r)
        let inClusters = input["clusters"] as! [[String: Any]]
        // The described cluster: its fields kept, in order, the describe fields after them.
        let clustersText = String(r.out[r.out.range(of: "\"clusters\": [")!.lowerBound...])
        XCTAssertEqual(Self.keyOrder(clustersText, indent: 6).prefix(12),
                       ["name", "alias", "integration", "region", "kubeconfig", "extra",
                        "arn", "endpoint", "certificateAuthorityData", "status", "version", "platformVersion"])
        for (k, v) in inClusters[0] { XCTAssertEqual(list[0][k] as? NSObject, v as? NSObject, k) }
        try assertMatchesBoto(list[0])
        // A cluster that failed earlier is passed through untouched (and counted as failed).
        XCTAssertEqual(list[1] as NSDictionary, inClusters[1] as NSDictionary)
        XCTAssertTrue(r.stderr.contains("broken (us-east-1): AccessDenied: from creds-resolve"), r.stderr)
        XCTAssertFalse(r.stderr.contains("envelope-secret"))
    }

    func testCredentialsFromTheEnvelopeWithNothingInTheEnvironment() throws {
        let envelope: [String: Any] = ["credentials": ["Version": 1, "AccessKeyId": "AKIAENVELOPE00000000", "SecretAccessKey": "s",
                                                       "SessionToken": "t", "Expiration": "2099-01-01T00:00:00Z"],
                                       "clusters": [["name": "alpha", "region": "us-east-1"]]]
        let r = try describe([], env: env(moto.endpointEnvironment), envelope: envelope)
        XCTAssertEqual(r.status, 0, r.stderr)
        try assertMatchesBoto(try clusters(r)[0])
        // The credentials are kept as they came, not rewritten or dropped.
        XCTAssertEqual(try r.json()["credentials"] as? NSDictionary, envelope["credentials"] as? NSDictionary)
    }

    func testCredentialsResolvedFromTheEnvironmentAndFromAProfile() throws {
        let fromEnv = try describe(["--name", "alpha", "--region", "us-east-1"], env: motoEnv())
        XCTAssertEqual(fromEnv.status, 0, fromEnv.stderr)
        try assertMatchesBoto(try clusters(fromEnv)[0])

        let aws = home.appendingPathComponent(".aws")
        try FileManager.default.createDirectory(at: aws, withIntermediateDirectories: true)
        try "[ops]\naws_access_key_id = AKIAPROFILE000000000\naws_secret_access_key = profile-secret\n"
            .write(to: aws.appendingPathComponent("credentials"), atomically: true, encoding: .utf8)
        try "[profile ops]\nregion = ap-southeast-2\n".write(to: aws.appendingPathComponent("config"), atomically: true, encoding: .utf8)
        // The profile gives both the credentials and the region.
        let fromProfile = try describe(["--name", "gamma", "--profile", "ops"], env: env(moto.endpointEnvironment))
        XCTAssertEqual(fromProfile.status, 0, fromProfile.stderr)
        let c = try clusters(fromProfile)[0]
        XCTAssertEqual(c["region"] as? String, "ap-southeast-2")
        try assertMatchesBoto(c)
    }

    func testNoCredentialsAnywhereIsExitOneWithoutOutput() throws {
        let r = try describe(["--name", "alpha", "--region", "us-east-1"], env: env(moto.endpointEnvironment))
        XCTAssertEqual(r.status, 1, r.stderr)
        XCTAssertEqual(r.out, "")
        XCTAssertTrue(r.stderr.hasPrefix("eks-describe: "), r.stderr)
        XCTAssertTrue(r.stderr.contains("no AWS credentials"), r.stderr)
    }

    func testExpiredEnvelopeCredentialsAreRefusedEvenWithKeysInTheEnvironment() throws {
        let envelope: [String: Any] = ["credentials": ["Version": 1, "AccessKeyId": "ASIAOLD", "SecretAccessKey": "old-secret",
                                                       "SessionToken": "old-token", "Expiration": "2001-01-01T00:00:00Z"],
                                       "clusters": [["name": "alpha", "region": "us-east-1"]]]
        let r = try describe([], env: motoEnv(), envelope: envelope)
        XCTAssertEqual(r.status, 1, r.stderr)
        XCTAssertEqual(r.out, "")
        XCTAssertTrue(r.stderr.contains("expired at 2001-01-01T00:00:00Z"), r.stderr)
        XCTAssertFalse(r.stderr.contains("old-secret") || r.stderr.contains("old-token"))
    }

    func testServiceSpecificEndpointWins() throws {
        // AWS_ENDPOINT_URL points nowhere; AWS_ENDPOINT_URL_EKS at moto.
        let r = try describe(["--name", "alpha", "--region", "us-east-1"],
                             env: motoEnv(["AWS_ENDPOINT_URL": "http://127.0.0.1:1", "AWS_ENDPOINT_URL_EKS": moto.endpoint]))
        XCTAssertEqual(r.status, 0, r.stderr)
        try assertMatchesBoto(try clusters(r)[0])
    }

    func testUnreachableEndpointIsAPerClusterError() throws {
        let r = try describe(["--name", "alpha", "--region", "us-east-1"],
                             env: env(Self.keys.merging(["AWS_ENDPOINT_URL": "http://127.0.0.1:1", "AWS_MAX_ATTEMPTS": "1"]) { a, _ in a }))
        XCTAssertEqual(r.status, 1, r.stderr)
        let c = try clusters(r)[0]
        XCTAssertEqual((c["error"] as? [String: Any])?["code"] as? String, "ConnectionFailed", "\(c)")
        XCTAssertTrue(r.stderr.contains("alpha (us-east-1): ConnectionFailed: cannot connect to 127.0.0.1:1"), r.stderr)
    }

    func testSecretsTravelThroughAPipeButAreMaskedOnATerminal() throws {
        let envelope: [String: Any] = ["credentials": ["Version": 1, "AccessKeyId": "AKIAENVELOPE00000000", "SecretAccessKey": "pipe-secret",
                                                       "SessionToken": "pipe-token"],
                                       "clusters": [["name": "alpha", "region": "us-east-1"]]]
        // Through a pipe the envelope's secrets travel as they are (the next stage needs them).
        let piped = try describe([], env: env(moto.endpointEnvironment), envelope: envelope)
        XCTAssertEqual(piped.status, 0, piped.stderr)
        XCTAssertTrue(piped.out.contains("pipe-secret") && piped.out.contains("pipe-token"))

        // On a terminal (util-linux `script` gives the tool a pseudo-terminal) they are masked.
        guard let script = BackgroundProcess.which("script") else { throw XCTSkip("needs util-linux script") }
        let input = home.appendingPathComponent("envelope.json")
        try JSONSerialization.data(withJSONObject: envelope).write(to: input)
        let command = "'\(Harness.tool("eks-describe"))' < '\(input.path)'"
        let tty = try Harness.run(script, ["-qec", command, "/dev/null"], env: env(moto.endpointEnvironment))
        XCTAssertEqual(tty.status, 0, tty.out + tty.stderr)
        XCTAssertTrue(tty.out.contains("\"arn\": \"arn:aws:eks:us-east-1:"), tty.out)
        XCTAssertFalse(tty.out.contains("pipe-secret") || tty.out.contains("pipe-token"), tty.out)
        XCTAssertTrue(tty.out.contains("AKIAENVELOPE00000000"), "the key id is not a secret: \(tty.out)")
    }

    func testProgressOnlyOnATerminalWithMoreThanThreeClusters() throws {
        guard let script = BackgroundProcess.which("script") else { throw XCTSkip("needs util-linux script") }
        let four = ["--name", "alpha", "--region", "us-east-1", "--name", "beta", "--region", "eu-west-1",
                    "--name", "gamma", "--region", "ap-southeast-2", "--name", "delta", "--region", "us-west-2"]
        func onTerminal(_ args: [String]) throws -> Harness.Result {
            let command = ([Harness.tool("eks-describe")] + args).map { "'\($0)'" }.joined(separator: " ") + " 2>&1 >/dev/null"
            return try Harness.run(script, ["-qec", command, "/dev/null"], env: motoEnv())
        }
        let many = try onTerminal(four)
        XCTAssertEqual(many.status, 0, many.out)
        XCTAssertTrue(many.out.contains("eks-describe: describing 4 clusters in 4 regions"), many.out)
        XCTAssertTrue(many.out.contains("eks-describe: 4 of 4 clusters described in "), many.out)
        let few = try onTerminal(Array(four.prefix(12)))
        XCTAssertEqual(few.status, 0, few.out)
        XCTAssertFalse(few.out.contains("describing"), few.out)
        // Not a terminal: nothing but errors on stderr.
        let piped = try describe(four, env: motoEnv())
        XCTAssertEqual(piped.status, 0, piped.stderr)
        XCTAssertEqual(piped.stderr, "")
    }
}
