import Foundation
import XCTest

/// What the flow tests run against, the same as scripts/demo: moto's real server (through
/// scripts/fakes/moto_eks.py, so each EKS cluster's endpoint and CA are a local fake Kubernetes
/// API's), an IAM user with an access key, a role it may assume, and one scripts/fakes/kube_api.py
/// per cluster that accepts only EKS tokens signed with keys moto issued.
///
/// Why moto's GetSessionToken keys are given to the fakes: moto answers every GetSessionToken
/// with the same example keys and does not record them, so the fakes cannot look them up in
/// moto's model dump as they do for access keys and assumed roles. They are asked of moto once
/// and handed to the fakes with the user's ARN.
final class FlowWorld: @unchecked Sendable {
    struct Cluster {
        var name: String
        var region: String
    }

    /// Clusters that exist (moto + a fake API each). "missing-cluster" does not.
    static let clusters = [Cluster(name: "dev-cluster", region: "us-east-2"),
                           Cluster(name: "stage-cluster", region: "us-west-2"),
                           Cluster(name: "sandbox-cluster", region: "eu-west-1"),
                           Cluster(name: "user-cluster", region: "us-east-2")]

    let moto: MotoServer
    let userKeys: AWSKeys
    let userArn: String
    let roleArn: String
    let sessionKeys: AWSKeys
    private(set) var kubes: [String: FakeKube] = [:]

    private init(moto: MotoServer, userKeys: AWSKeys, userArn: String, roleArn: String, sessionKeys: AWSKeys) {
        self.moto = moto
        self.userKeys = userKeys
        self.userArn = userArn
        self.roleArn = roleArn
        self.sessionKeys = sessionKeys
    }

    static var launcher: String { BackgroundProcess.fakesDir.appendingPathComponent("moto_eks.py").path }

    static func start() throws -> FlowWorld {
        let moto = try MotoServer.start(launcher: launcher)
        do {
            let user = try moto.createUserWithKeys(name: "flow-user")
            let role = try moto.createRole(name: "eks-admin")
            let s = try moto.call("sts", "get_session_token", ["DurationSeconds": 3600], keys: user.keys)
            guard let c = s["Credentials"] as? [String: Any], let id = c["AccessKeyId"] as? String,
                  let secret = c["SecretAccessKey"] as? String else {
                throw BackgroundProcess.failure("moto get_session_token: unexpected answer \(s)")
            }
            let session = AWSKeys(accessKeyId: id, secretAccessKey: secret, sessionToken: c["SessionToken"] as? String)
            let world = FlowWorld(moto: moto, userKeys: user.keys, userArn: user.arn, roleArn: role, sessionKeys: session)
            for cluster in clusters {
                let kube = try FakeKube.start(clusterID: cluster.name, keys: [session], arns: [session.accessKeyId: user.arn], moto: moto)
                world.kubes[cluster.name] = kube
                try moto.call("eks", "create_cluster", [
                    "name": cluster.name, "version": "1.31",
                    "roleArn": "arn:aws:iam::\(MotoServer.accountID):role/eks-cluster-role",
                    "resourcesVpcConfig": [String: Any](),
                    "tags": ["ekspipe.test/endpoint": kube.url, "ekspipe.test/certificate-authority-data": kube.caData],
                ], region: cluster.region)
            }
            return world
        } catch {
            moto.stop()
            throw error
        }
    }

    /// Stops every server by its process id.
    func stop() {
        for k in kubes.values { k.stop() }
        moto.stop()
    }

    /// The ARN the role's sessions get from moto for identity `name` (session name ekspipe-NAME).
    func assumedRoleArnPrefix() -> String { "arn:aws:sts::\(MotoServer.accountID):assumed-role/eks-admin/" }

    /// An auth config: `dev-user` (aws/user, the access key), `dev-admin` (aws/assume-role via
    /// dev-user), and their aws/eks integrations: dev-admin → dev-eks, stage-eks (auto) and
    /// sandbox (optional); dev-user → user-eks. `extraIntegrations` is appended verbatim.
    func atmos(extraIntegrations: String = "") -> String {
        """
        auth:
          identities:
            dev-user:
              kind: aws/user
              credentials:
                access_key_id: \(userKeys.accessKeyId)
                secret_access_key: \(userKeys.secretAccessKey)
                region: us-east-2
            dev-admin:
              kind: aws/assume-role
              via:
                identity: dev-user
              principal:
                assume_role: \(roleArn)
          integrations:
            dev/eks/primary:
              kind: aws/eks
              via:
                identity: dev-admin
              spec:
                cluster:
                  name: dev-cluster
                  region: us-east-2
                  alias: dev-eks
            dev/eks/stage:
              kind: aws/eks
              via:
                identity: dev-admin
              spec:
                cluster:
                  name: stage-cluster
                  region: us-west-2
                  alias: stage-eks
            dev/eks/sandbox:
              kind: aws/eks
              via:
                identity: dev-admin
              spec:
                auto_provision: false
                cluster:
                  name: sandbox-cluster
                  region: eu-west-1
                  alias: sandbox
            user/eks:
              kind: aws/eks
              via:
                identity: dev-user
              spec:
                cluster:
                  name: user-cluster
                  region: us-east-2
                  alias: user-eks
        \(extraIntegrations)
        """
    }
}

/// A flow test: a scratch HOME per test, runs of scripts/ekspipe and of the real kubectl with
/// exactly the environment a user would have (tools from the build under test, AWS at moto).
class FlowTestCase: XCTestCase {
    nonisolated(unsafe) static var world: FlowWorld?
    var home: URL!

    /// Whether the class needs moto and the fake APIs (config validation tests do not).
    class var needsWorld: Bool { true }

    override class func setUp() {
        super.setUp()
        guard needsWorld else { return }
        do { world = try FlowWorld.start() } catch { XCTFail("flow world: \(error)") }
    }

    override class func tearDown() {
        world?.stop()
        world = nil
        super.tearDown()
    }

    override func setUpWithError() throws {
        if Self.needsWorld && Self.world == nil {
            throw BackgroundProcess.failure("moto and the fake Kubernetes APIs did not start (see the class setUp failure)")
        }
        home = try Harness.tempDir("flow")
        try FileManager.default.createDirectory(at: projectDir, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        if let home { try? FileManager.default.removeItem(at: home) }
    }

    /// Set whenever a test of a class that needs it runs (setUpWithError fails the test otherwise).
    var world: FlowWorld { Self.world! }
    var projectDir: URL { home.appendingPathComponent("project") }
    var atmosPath: String { projectDir.appendingPathComponent("atmos.yaml").path }
    /// ekspipe's default kubeconfig in the scratch HOME.
    var ekspipeKubeconfig: String { home.appendingPathComponent(".config/ekspipe/kube/config").path }
    var userKubeconfig: String { home.appendingPathComponent(".kube/config").path }
    static var script: String { Harness.packageRoot.appendingPathComponent("scripts/ekspipe").path }

    func writeAtmos(_ text: String? = nil) throws {
        try (text ?? world.atmos()).write(toFile: atmosPath, atomically: true, encoding: .utf8)
    }

    /// The environment: isolated HOME, AWS at moto, ekspipe's tools from the build under test.
    func env(_ extra: [String: String] = [:]) -> [String: String] {
        var e = Harness.isolatedEnv(home: home, extra: Self.world?.moto.endpointEnvironment ?? [:])
        e["EKSPIPE_BIN_DIR"] = Harness.binDir.path
        for (k, v) in extra { e[k] = v }
        return e
    }

    @discardableResult
    func ekspipe(_ args: [String], env extra: [String: String] = [:], stdin: Data? = nil) throws -> Harness.Result {
        try Harness.run(Self.script, args, env: env(extra), stdin: stdin, timeout: 120)
    }

    /// `ekspipe auth login NAME --config atmos.yaml`, expected to succeed.
    @discardableResult
    func login(_ identity: String, file: StaticString = #filePath, line: UInt = #line) throws -> Harness.Result {
        let r = try ekspipe(["auth", "login", identity, "--config", atmosPath])
        XCTAssertEqual(r.status, 0, "login \(identity): \(r.stderr)", file: file, line: line)
        XCTAssertEqual(r.out, "", "login prints nothing on stdout", file: file, line: line)
        return r
    }

    /// The real kubectl with `args`, KUBECONFIG given (else unset).
    @discardableResult
    func kubectl(_ args: [String], kubeconfig: String? = nil, env extra: [String: String] = [:]) throws -> Harness.Result {
        var e = env(extra)
        if let kubeconfig { e["KUBECONFIG"] = kubeconfig }
        let path = BackgroundProcess.which("kubectl") ?? "/usr/local/bin/kubectl"
        return try Harness.run(path, args, env: e, timeout: 120)
    }

    /// Context names of a kubeconfig file, according to kubectl.
    func contexts(_ kubeconfig: String) throws -> [String] {
        let r = try kubectl(["config", "get-contexts", "-o", "name"], kubeconfig: kubeconfig)
        guard r.status == 0 else { return [] }
        return r.out.split(separator: "\n").map(String.init).sorted()
    }

    /// The last authentication decision of a cluster's fake API.
    func lastDecision(_ cluster: String) -> [String: Any]? { world.kubes[cluster]?.decisions().last }

    /// No secret of `keys` anywhere in `text`.
    func assertNoSecrets(_ text: String, file: StaticString = #filePath, line: UInt = #line) {
        for k in [world.userKeys, world.sessionKeys] {
            XCTAssertFalse(text.contains(k.secretAccessKey), "a secret key leaked: \(text)", file: file, line: line)
            if let t = k.sessionToken { XCTAssertFalse(text.contains(t), "a session token leaked", file: file, line: line) }
        }
    }
}
