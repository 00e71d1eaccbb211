import Foundation
import XCTest

/// The built eks-presign run the way kubectl runs it: a kubeconfig whose user execs the binary
/// by absolute path, the real kubectl, and a local HTTPS API server (scripts/fakes/kube_api.py)
/// that accepts only tokens whose SigV4 signature, cluster id, STS host and age are right.
final class PresignKubectlTests: XCTestCase {
    var scratch: ScratchHome!
    var home: URL! { scratch?.url }
    var servers: [FakeKube] = []
    /// One moto for the class (each test makes its own IAM users and starts its own API server).
    nonisolated(unsafe) static var moto: MotoServer?

    override class func setUp() { super.setUp(); moto = MotoServer.startForClass() }
    override class func tearDown() { moto?.stop(); moto = nil; super.tearDown() }

    override func setUpWithError() throws { scratch = try makeScratchHome("presign-kubectl") }

    override func tearDownWithError() throws {
        for s in servers { s.stop() }
        servers = []
    }

    static let staticKeys = AWSKeys(accessKeyId: "AKIAEKSPIPETEST00001", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEKSPIPEKEY")
    static let staticArn = "arn:aws:iam::123456789012:user/kubectl-tester"

    var presign: String { Harness.tool("eks-presign") }

    func kubectlPath() throws -> String {
        guard let k = BackgroundProcess.which("kubectl") else { throw BackgroundProcess.failure("kubectl not on PATH (run scripts/setup)") }
        return k
    }

    func startKube(cluster: String = "demo-cluster", moto: MotoServer? = nil, partition: String = "aws") throws -> FakeKube {
        let kube = try FakeKube.start(clusterID: cluster, keys: [Self.staticKeys],
                                      arns: [Self.staticKeys.accessKeyId: Self.staticArn], moto: moto,
                                      partition: partition)
        servers.append(kube)
        return kube
    }

    /// Runs kubectl with only the isolated environment plus `env`; kubectl passes it on to the plugin.
    func kubectl(_ kubeconfig: String, _ args: [String], env: [String: String] = [:]) throws -> Harness.Result {
        let environment = Harness.isolatedEnv(home: home, extra: env)
        return try Harness.run(try kubectlPath(), ["--kubeconfig", kubeconfig, "--request-timeout", "20s"] + args,
                               env: environment, timeout: 90)
    }

    func assertAuthenticated(_ kube: FakeKube, as arn: String, file: StaticString = #filePath, line: UInt = #line) {
        let d = kube.decisions()
        XCTAssertFalse(d.isEmpty, "the API server saw no request", file: file, line: line)
        for entry in d {
            XCTAssertEqual(entry["ok"] as? Bool, true, "rejected: \(entry)", file: file, line: line)
            XCTAssertEqual(entry["arn"] as? String, arn, file: file, line: line)
        }
    }

    func assertRejected(_ r: Harness.Result, _ kube: FakeKube, reason: String,
                        file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertNotEqual(r.status, 0, "kubectl succeeded: \(r.out)", file: file, line: line)
        XCTAssertTrue(r.stderr.contains("Unauthorized") || r.stderr.contains("must be logged in"),
                      "kubectl did not report an authentication error: \(r.stderr)", file: file, line: line)
        let reasons = kube.decisions().compactMap { $0["reason"] as? String }
        XCTAssertFalse(reasons.isEmpty, "the API server saw no rejected request", file: file, line: line)
        XCTAssertTrue(reasons.allSatisfy { $0.contains(reason) }, "reasons: \(reasons)", file: file, line: line)
        XCTAssertFalse(kube.decisions().contains { $0["ok"] as? Bool == true }, file: file, line: line)
    }

    // MARK: - Success

    func testGetNamespacesWithStaticKeysFromExecEnv() throws {
        let kube = try startKube()
        let config = try kube.writeKubeconfig(in: home, command: presign,
                                              args: ["--cluster-name", "demo-cluster", "--region", "us-west-2"],
                                              env: Self.staticKeys.environment)
        let r = try kubectl(config, ["get", "namespaces"])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.out.contains("kube-system"), r.out)
        XCTAssertTrue(r.out.contains("NAME"), r.out)
        assertAuthenticated(kube, as: Self.staticArn)
    }

    func testTemporaryCredentialsIssuedByMoto() throws {
        let moto = try XCTUnwrap(Self.moto)
        let user = try moto.createUserWithKeys(name: "dev")
        let role = try moto.createRole(name: "eks-admin")
        let session = try moto.assumeRole(role, sessionName: "kubectl-session", keys: user.keys)
        XCTAssertNotNil(session.sessionToken)
        let kube = try startKube(moto: moto)
        let config = try kube.writeKubeconfig(in: home, command: presign,
                                              args: ["--cluster-name", "demo-cluster", "--region", "eu-central-1"])
        let r = try kubectl(config, ["get", "--raw", "/api/v1/namespaces"], env: session.environment)
        XCTAssertEqual(r.status, 0, r.stderr)
        let list = try r.json()
        XCTAssertEqual(list["kind"] as? String, "NamespaceList")
        assertAuthenticated(kube, as: "arn:aws:sts::123456789012:assumed-role/eks-admin/kubectl-session")
    }

    func testLongTermKeysIssuedByMotoWithGlobalEndpoint() throws {
        let moto = try XCTUnwrap(Self.moto)
        let user = try moto.createUserWithKeys(name: "ops")
        let kube = try startKube(moto: moto)
        // No --region and no AWS_REGION: the token names the global endpoint, as aws eks get-token does.
        let config = try kube.writeKubeconfig(in: home, command: presign, args: ["--cluster-name", "demo-cluster"])
        let r = try kubectl(config, ["get", "namespaces", "-o", "name"], env: user.keys.environment)
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertEqual(r.out.split(separator: "\n").sorted(),
                       ["namespace/default", "namespace/kube-node-lease", "namespace/kube-public", "namespace/kube-system"])
        assertAuthenticated(kube, as: user.arn)
    }

    /// kubectl sets KUBERNETES_EXEC_INFO with the kubeconfig's exec apiVersion and refuses an
    /// ExecCredential of another version, so both versions working proves the echo.
    func testExecAPIVersionV1() throws {
        let kube = try startKube()
        let config = try kube.writeKubeconfig(in: home, command: presign,
                                              args: ["--cluster-name", "demo-cluster", "--region", "us-east-1"],
                                              env: Self.staticKeys.environment,
                                              apiVersion: "client.authentication.k8s.io/v1")
        let r = try kubectl(config, ["version", "-o", "json"])
        XCTAssertEqual(r.status, 0, r.stderr)
        let server = try r.json()["serverVersion"] as? [String: Any]
        XCTAssertEqual(server?["gitVersion"] as? String, "v1.31.0-eks-fake")
        assertAuthenticated(kube, as: Self.staticArn)
    }

    func testExecAPIVersionV1beta1() throws {
        let kube = try startKube()
        let config = try kube.writeKubeconfig(in: home, command: presign,
                                              args: ["--cluster-name", "demo-cluster", "--region", "us-east-1"],
                                              env: Self.staticKeys.environment,
                                              apiVersion: "client.authentication.k8s.io/v1beta1")
        let r = try kubectl(config, ["get", "namespace", "default", "-o", "jsonpath={.metadata.name}"])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertEqual(r.out, "default")
        assertAuthenticated(kube, as: Self.staticArn)
    }

    /// Static keys of a profile in the shared credentials file, named by --profile in the
    /// kubeconfig (the way `aws eks update-kubeconfig --profile` users run it).
    func testProfileKeysFromSharedCredentialsFile() throws {
        let aws = home.appendingPathComponent(".aws")
        try FileManager.default.createDirectory(at: aws, withIntermediateDirectories: true)
        try """
        [default]
        aws_access_key_id = AKIADEFAULTNOTUSED00
        aws_secret_access_key = not-this-one

        [eks-dev]
        aws_access_key_id = \(Self.staticKeys.accessKeyId)
        aws_secret_access_key = \(Self.staticKeys.secretAccessKey)
        """.write(to: aws.appendingPathComponent("credentials"), atomically: true, encoding: .utf8)
        let kube = try startKube()
        let config = try kube.writeKubeconfig(in: home, command: presign,
                                              args: ["--cluster-name", "demo-cluster", "--region", "us-west-2", "--profile", "eks-dev"])
        let r = try kubectl(config, ["get", "namespaces"])
        XCTAssertEqual(r.status, 0, r.stderr)
        assertAuthenticated(kube, as: Self.staticArn)
    }

    /// AWS_USE_FIPS_ENDPOINT / AWS_USE_DUALSTACK_ENDPOINT put those STS hosts in the token; the
    /// host is signed, so the server only accepts it if the signature covers that host.
    func testFIPSAndDualStackEndpoints() throws {
        let kube = try startKube()
        for (variant, value) in [("AWS_USE_FIPS_ENDPOINT", "true"), ("AWS_USE_DUALSTACK_ENDPOINT", "true")] {
            let dir = home.appendingPathComponent(variant)
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            var env = Self.staticKeys.environment
            env[variant] = value
            let config = try kube.writeKubeconfig(in: dir, command: presign,
                                                  args: ["--cluster-name", "demo-cluster", "--region", "us-east-2"], env: env)
            let r = try kubectl(config, ["get", "--raw", "/version"])
            XCTAssertEqual(r.status, 0, "\(variant): \(r.stderr)")
        }
        assertAuthenticated(kube, as: Self.staticArn)
    }

    /// A cluster in the China partition accepts tokens for its own STS hosts only.
    func testChinaPartition() throws {
        let kube = try startKube(partition: "aws-cn")
        let config = try kube.writeKubeconfig(in: home, command: presign,
                                              args: ["--cluster-name", "demo-cluster", "--region", "cn-northwest-1"],
                                              env: Self.staticKeys.environment)
        let r = try kubectl(config, ["get", "namespaces"])
        XCTAssertEqual(r.status, 0, r.stderr)
        assertAuthenticated(kube, as: Self.staticArn)

        let otherDir = home.appendingPathComponent("global")
        try FileManager.default.createDirectory(at: otherDir, withIntermediateDirectories: true)
        let kube2 = try startKube(partition: "aws-cn")
        let wrong = try kube2.writeKubeconfig(in: otherDir, command: presign,
                                              args: ["--cluster-name", "demo-cluster", "--region", "us-west-2"],
                                              env: Self.staticKeys.environment)
        assertRejected(try kubectl(wrong, ["get", "namespaces"]), kube2, reason: "unexpected hostname")
    }

    // MARK: - Rejection

    func testWrongSecretIsAnAuthenticationError() throws {
        let kube = try startKube()
        let config = try kube.writeKubeconfig(in: home, command: presign,
                                              args: ["--cluster-name", "demo-cluster", "--region", "us-west-2"],
                                              env: Self.staticKeys.withSecret("not-the-secret").environment)
        let r = try kubectl(config, ["get", "namespaces"])
        assertRejected(r, kube, reason: "SignatureDoesNotMatch")
    }

    func testTokenForAnotherClusterIsRejected() throws {
        let kube = try startKube(cluster: "demo-cluster")
        let config = try kube.writeKubeconfig(in: home, command: presign,
                                              args: ["--cluster-name", "some-other-cluster", "--region", "us-west-2"],
                                              env: Self.staticKeys.environment)
        let r = try kubectl(config, ["get", "namespaces"])
        assertRejected(r, kube, reason: "SignatureDoesNotMatch")
    }

    func testUnknownAccessKeyIsRejected() throws {
        let kube = try startKube()
        let stranger = AWSKeys(accessKeyId: "AKIAUNKNOWNKEY000000", secretAccessKey: "whatever")
        let config = try kube.writeKubeconfig(in: home, command: presign,
                                              args: ["--cluster-name", "demo-cluster", "--region", "us-west-2"],
                                              env: stranger.environment)
        let r = try kubectl(config, ["get", "namespaces"])
        assertRejected(r, kube, reason: "InvalidClientTokenId")
    }

    /// A token signed 16 minutes ago (the plugin run under faketime) is past STS's 15 minutes.
    func testTokenOlderThanFifteenMinutesIsRejected() throws {
        guard let faketime = BackgroundProcess.which("faketime") else { throw BackgroundProcess.failure("faketime not on PATH (run scripts/setup)") }
        let kube = try startKube()
        let config = try kube.writeKubeconfig(in: home, command: faketime,
                                              args: ["-f", "-16m", presign, "--cluster-name", "demo-cluster", "--region", "us-west-2"],
                                              env: Self.staticKeys.environment)
        let r = try kubectl(config, ["get", "namespaces"])
        assertRejected(r, kube, reason: "expired")
    }

    /// A plugin that fails makes kubectl fail without ever sending a request.
    func testNoCredentialsFailsBeforeAnyRequest() throws {
        let kube = try startKube()
        let config = try kube.writeKubeconfig(in: home, command: presign,
                                              args: ["--cluster-name", "demo-cluster", "--region", "us-west-2"])
        let r = try kubectl(config, ["get", "namespaces"])
        XCTAssertNotEqual(r.status, 0)
        XCTAssertTrue(r.stderr.contains("eks-presign"), r.stderr)
        XCTAssertTrue(kube.decisions().isEmpty, "\(kube.decisions())")
    }
}
