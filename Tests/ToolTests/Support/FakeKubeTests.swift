import Foundation
import XCTest

/// The fake Kubernetes API is only worth its tests if it accepts exactly the tokens EKS would:
/// these check it against tokens made by `aws eks get-token` (the golden vectors, and the CLI on
/// this machine through kubectl), and that it refuses the ones EKS would refuse.
final class FakeKubeTests: XCTestCase {
    /// One moto for the class: the AWS CLI's user and role, and a cluster behind the proxy.
    nonisolated(unsafe) static var moto: MotoServer?
    nonisolated(unsafe) static var cliUser: AWSKeys?

    override class func setUp() {
        super.setUp()
        moto = MotoServer.startForClass { m in
            cliUser = try m.createUserWithKeys(name: "cli-user").keys
            _ = try m.createRole(name: "viewer")
            _ = try m.createCluster(name: "c1", region: "us-east-2")
        }
    }

    override class func tearDown() {
        moto?.stop()
        moto = nil
        super.tearDown()
    }

    struct Vector {
        var keys: AWSKeys
        var cluster: String
        var time: String
        var token: String
    }

    func vectors() throws -> [Vector] {
        let data = try Data(contentsOf: Harness.sharedTestdata.appendingPathComponent("eks-token-vectors.json"))
        let list = try XCTUnwrap(try JSONSerialization.jsonObject(with: data) as? [[String: Any]])
        return list.map {
            Vector(keys: AWSKeys(accessKeyId: $0["accessKeyId"] as! String, secretAccessKey: $0["secretAccessKey"] as! String,
                                 sessionToken: $0["sessionToken"] as? String),
                   cluster: $0["cluster"] as! String, time: $0["time"] as! String, token: $0["token"] as! String)
        }
    }

    func testAcceptsEveryGoldenToken() throws {
        let vs = try vectors()
        XCTAssertFalse(vs.isEmpty)
        let decisions = try FakeKube.checkAll(vs.map { FakeKube.Check(token: $0.token, clusterID: $0.cluster, keys: [$0.keys], now: $0.time) })
        for (v, r) in zip(vs, decisions) {
            XCTAssertTrue(r.ok, "\(v.cluster): \(r.result)")
            XCTAssertEqual(r.result["accessKeyId"] as? String, v.keys.accessKeyId)
        }
    }

    func testRefusesGoldenTokensEKSWouldRefuse() throws {
        // Every refusal of every vector, checked in one run: (check, what must be in the reason, why).
        var checks: [(FakeKube.Check, String?, String)] = []
        for v in try vectors() {
            checks.append((FakeKube.Check(token: v.token, clusterID: v.cluster + "-other", keys: [v.keys], now: v.time),
                           nil, "token for \(v.cluster) accepted for another cluster"))
            checks.append((FakeKube.Check(token: v.token, clusterID: v.cluster, keys: [v.keys.withSecret("x" + v.keys.secretAccessKey)], now: v.time),
                           "SignatureDoesNotMatch", "\(v.cluster): a wrong secret was accepted"))
            // 15 minutes and one second after signing.
            let late = try XCTUnwrap(ISO8601DateFormatter().date(from: v.time)).addingTimeInterval(901)
            checks.append((FakeKube.Check(token: v.token, clusterID: v.cluster, keys: [v.keys], now: ISO8601DateFormatter().string(from: late)),
                           "expired", "\(v.cluster): an expired token was accepted"))
            if v.keys.sessionToken != nil {
                var noToken = v.keys
                noToken.sessionToken = nil
                checks.append((FakeKube.Check(token: v.token, clusterID: v.cluster, keys: [noToken], now: v.time),
                               nil, "a session-token mismatch was accepted"))
            }
        }
        for ((_, reason, why), r) in zip(checks, try FakeKube.checkAll(checks.map(\.0))) {
            XCTAssertFalse(r.ok, why)
            if let reason { XCTAssertTrue((r.result["reason"] as? String ?? "").contains(reason), "\(why): \(r.result)") }
        }
    }

    func testRefusesMalformedTokens() throws {
        let v = try XCTUnwrap(try vectors().first)
        let url = "https://sts.us-west-2.amazonaws.com/?Action=GetCallerIdentity&Version=2011-06-15"
        func b64url(_ s: String) -> String {
            Data(s.utf8).base64EncodedString().replacingOccurrences(of: "+", with: "-")
                .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
        }
        var cases: [(String, String)] = [
            (String(v.token.dropFirst(3)), "prefix"),
            ("k8s-aws-v1." + b64url("http://sts.us-west-2.amazonaws.com/?Action=GetCallerIdentity"), "scheme"),
            ("k8s-aws-v1." + b64url("https://sts.evil.example.com/?Action=GetCallerIdentity"), "hostname"),
            ("k8s-aws-v1." + b64url("https://sts.us-west-2.amazonaws.com/x?Action=GetCallerIdentity"), "path"),
            ("k8s-aws-v1." + b64url(url + "&Foo=bar"), "non-whitelisted"),
            ("k8s-aws-v1." + b64url("https://sts.us-west-2.amazonaws.com/?Action=AssumeRole"), "action"),
            ("k8s-aws-v1." + b64url(url + "&X-Amz-SignedHeaders=host"), "x-k8s-aws-id"),
        ]
        var checks = cases.map { FakeKube.Check(token: $0.0, clusterID: v.cluster, keys: [v.keys], now: v.time, partition: "aws") }
        // A China token is not valid for a cluster in the aws partition.
        for w in try vectors() where w.token.count > 0 {
            let decoded = try XCTUnwrap(Data(base64Encoded: base64Std(String(w.token.dropFirst(11)))))
            guard String(decoding: decoded, as: UTF8.self).contains(".amazonaws.com.cn") else { continue }
            checks.append(FakeKube.Check(token: w.token, clusterID: w.cluster, keys: [w.keys], now: w.time, partition: "aws"))
            cases.append((w.token, "hostname"))
        }
        for ((token, reason), r) in zip(cases, try FakeKube.checkAll(checks)) {
            XCTAssertFalse(r.ok, token)
            XCTAssertTrue((r.result["reason"] as? String ?? "").contains(reason), "\(reason): \(r.result)")
        }
    }

    private func base64Std(_ s: String) -> String {
        var t = s.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while t.count % 4 != 0 { t += "=" }
        return t
    }

    /// The reference plugin: kubectl running `aws eks get-token` against the fake, with keys
    /// moto issued. If this fails, the fake (not eks-presign) is wrong.
    func testKubectlWithAWSCLITokenAndMotoKeys() throws {
        guard let aws = BackgroundProcess.which("aws") else { throw BackgroundProcess.failure("aws CLI not on PATH (run scripts/setup)") }
        let home = try Harness.tempDir("fake-kube-aws")
        defer { try? FileManager.default.removeItem(at: home) }
        let moto = try XCTUnwrap(Self.moto)
        let session = try moto.assumeRole(MotoServer.roleArn("viewer"), sessionName: "cli", keys: try XCTUnwrap(Self.cliUser))
        let kube = try FakeKube.start(clusterID: "ref-cluster", moto: moto)
        defer { kube.stop() }
        let kubectl = try XCTUnwrap(BackgroundProcess.which("kubectl"))

        let good = try kube.writeKubeconfig(in: home, command: aws,
                                            args: ["eks", "get-token", "--cluster-name", "ref-cluster", "--region", "us-west-2"])
        let env = Harness.isolatedEnv(home: home, extra: session.environment)
        let r = try Harness.run(kubectl, ["--kubeconfig", good, "get", "namespaces"], env: env, timeout: 120)
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.out.contains("kube-public"), r.out)
        let ok = kube.decisions()
        XCTAssertFalse(ok.isEmpty)
        XCTAssertTrue(ok.allSatisfy { $0["arn"] as? String == "arn:aws:sts::123456789012:assumed-role/viewer/cli" }, "\(ok)")

        let otherDir = home.appendingPathComponent("other")
        try FileManager.default.createDirectory(at: otherDir, withIntermediateDirectories: true)
        let other = try kube.writeKubeconfig(in: otherDir, command: aws,
                                             args: ["eks", "get-token", "--cluster-name", "not-ref", "--region", "us-west-2"])
        let bad = try Harness.run(kubectl, ["--kubeconfig", other, "get", "namespaces"], env: env, timeout: 120)
        XCTAssertNotEqual(bad.status, 0)
        XCTAssertTrue(bad.stderr.contains("Unauthorized") || bad.stderr.contains("must be logged in"), bad.stderr)
        // kubectl may send its discovery requests concurrently, so one or more are refused.
        let refused = kube.decisions().dropFirst(ok.count)
        XCTAssertFalse(refused.isEmpty, "the token for another cluster reached the fake")
        XCTAssertTrue(refused.allSatisfy { $0["ok"] as? Bool == false }, "\(refused)")
    }

    /// The latency proxy forwards moto's answers and serves requests concurrently.
    func testLatencyProxyForwardsConcurrently() throws {
        let moto = try XCTUnwrap(Self.moto)
        let proxy = try LatencyProxy.start(upstream: moto.endpoint, latencyMs: 300)
        defer { proxy.stop() }
        let script = """
        import boto3, sys, concurrent.futures
        c = boto3.client("eks", region_name="us-east-2", endpoint_url=sys.argv[1],
                         aws_access_key_id="AKIAX", aws_secret_access_key="x")
        with concurrent.futures.ThreadPoolExecutor(4) as ex:
            names = list(ex.map(lambda _: c.describe_cluster(name="c1")["cluster"]["name"], range(4)))
        print('{"names": %d}' % names.count("c1"))
        """
        let r = try Harness.run(try XCTUnwrap(BackgroundProcess.which("python3")), ["-c", script, proxy.url],
                                env: ["PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin",
                                      "AWS_CONFIG_FILE": "/dev/null", "AWS_SHARED_CREDENTIALS_FILE": "/dev/null"])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertEqual(try r.json()["names"] as? Int, 4)
        let stats = try proxy.stats()
        XCTAssertEqual(stats.requests, 4)
        XCTAssertGreaterThan(stats.maxInFlight, 1, "requests were serialized")
    }
}
