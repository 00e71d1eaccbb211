import Foundation
import XCTest

/// Cached credentials with minutes left whose refresh needs a person (an MFA code here, an SSO
/// sign-in in the extension below): eks-presign under kubectl signs with them until they really
/// expire — the token's expiry capped by theirs — and says so once, naming the command (with
/// `--config` when the config is not the default one). Expired ones still fail, with one hint.
final class PresignExpiryTests: IdentityTestCase {
    nonisolated(unsafe) static var moto: MotoServer?
    nonisolated(unsafe) static var user: AWSKeys!

    override class func setUp() {
        super.setUp()
        moto = MotoServer.startForClass { m in
            user = try m.createUserWithKeys(name: "mfa-user").keys
            try m.createRole(name: "eks-admin")
        }
    }

    override class func tearDown() {
        moto?.stop()
        moto = nil
        super.tearDown()
    }

    static let mfa = "arn:aws:iam::123456789012:mfa/mfa-user"
    static let execInfo = #"{"kind":"ExecCredential","apiVersion":"client.authentication.k8s.io/v1","spec":{"interactive":false}}"#

    /// base: an IAM user whose session needs an MFA code; admin: a role assumed via base.
    /// Logged in once on a terminal (the code typed), so both sessions are cached.
    func logIn() throws {
        try writeAtmos("""
            auth:
              identities:
                base:
                  kind: aws/user
                  credentials:
                    access_key_id: \(Self.user.accessKeyId)
                    secret_access_key: \(Self.user.secretAccessKey)
                    mfa_arn: \(Self.mfa)
                admin:
                  kind: aws/assume-role
                  via: {identity: base}
                  principal: {assume_role: \(MotoServer.roleArn("eks-admin"))}
            """)
        let r = try runOnTerminal(identityArgs("admin"), env: Self.moto!.endpointEnvironment,
                                  prompt: "Enter MFA code for \(Self.mfa): ", input: "123456")
        XCTAssertEqual(r.status, 0, r.screen)
        XCTAssertEqual(cacheEntries().count, 2)
    }

    var presignArgs: [String] { ["--cluster-name", "dev-cluster", "--region", "us-east-2", "--identity", "admin", "--config", atmosURL.path] }

    /// The cached credentials of `identity`.
    func cached(_ identity: String) throws -> [String: Any] {
        for name in cacheEntries() {
            let doc = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(contentsOf: cacheDir.appendingPathComponent(name))) as? [String: Any])
            if (doc["selection"] as? String)?.hasPrefix("identity=\(identity)\n") == true { return try XCTUnwrap(doc["credentials"] as? [String: Any]) }
        }
        throw NSError(domain: "PresignExpiryTests", code: 1, userInfo: [NSLocalizedDescriptionKey: "no cache entry for \(identity)"])
    }

    func testNearExpiryCredentialsServeKubectlWithOneWarning() throws {
        try logIn()
        try ageCachedCredentials(expiringIn: 570)
        let creds = try cached("admin")
        var env = Self.moto!.endpointEnvironment
        env["KUBERNETES_EXEC_INFO"] = Self.execInfo
        let r = try presign(presignArgs, env: env)
        XCTAssertEqual(r.status, 0, r.stderr)
        let status = try XCTUnwrap(try r.json()["status"] as? [String: Any])
        XCTAssertEqual(status["expirationTimestamp"] as? String, creds["Expiration"] as? String, "capped at the credentials' expiration")
        XCTAssertTrue(try Self.tokenURL(r).url.contains("X-Amz-Credential=\(creds["AccessKeyId"] as! String)%2F"))
        let lines = r.stderr.split(separator: "\n")
        XCTAssertEqual(lines.count, 1, "exactly one warning: \(r.stderr)")
        XCTAssertTrue(r.stderr.hasPrefix("eks-presign: credentials for identity admin expire in 9 min"), r.stderr)
        XCTAssertTrue(r.stderr.contains("MFA"), "why they were not refreshed: \(r.stderr)")
        XCTAssertTrue(r.stderr.hasSuffix("; run: ekspipe auth login admin --config \(atmosURL.path)\n"), r.stderr)
        XCTAssertEqual(r.stderr.components(separatedBy: "ekspipe auth login").count, 2, "the hint once: \(r.stderr)")

        // The default config needs no --config in the hint.
        env["EKSPIPE_CONFIG"] = atmosURL.path
        let byDefault = try presign(presignArgs, env: env)
        XCTAssertEqual(byDefault.status, 0, byDefault.stderr)
        XCTAssertTrue(byDefault.stderr.hasSuffix("; run: ekspipe auth login admin\n"), byDefault.stderr)

        // Through the real kubectl: the API server accepts the token signed with them.
        guard let kubectl = BackgroundProcess.which("kubectl") else { throw XCTSkip("kubectl not on PATH (run scripts/setup)") }
        let kube = try FakeKube.start(clusterID: "dev-cluster", moto: Self.moto)
        defer { kube.stop() }
        let config = try kube.writeKubeconfig(in: home, command: Harness.tool("eks-presign"), args: presignArgs)
        let k = try Harness.run(kubectl, ["--kubeconfig", config, "get", "ns", "-o", "name"],
                                env: Harness.isolatedEnv(home: home, extra: Self.moto!.endpointEnvironment), timeout: 90)
        XCTAssertEqual(k.status, 0, k.stderr)
        XCTAssertTrue(k.out.contains("namespace/default"), k.out)
        XCTAssertTrue(k.stderr.contains("eks-presign: credentials for identity admin expire in 9 min"), k.stderr)
        XCTAssertFalse(kube.decisions().isEmpty)
        XCTAssertTrue(kube.decisions().allSatisfy { $0["ok"] as? Bool == true }, "\(kube.decisions())")
    }

    func testExpiredCredentialsFailWithOneHint() throws {
        try logIn()
        try ageCachedCredentials(expiringIn: -60)
        var env = Self.moto!.endpointEnvironment
        env["KUBERNETES_EXEC_INFO"] = Self.execInfo
        let r = try presign(presignArgs, env: env)
        XCTAssertEqual(r.status, 1, r.stderr)
        XCTAssertEqual(r.stdout.count, 0)
        XCTAssertEqual(r.stderr.split(separator: "\n").count, 1, r.stderr)
        XCTAssertTrue(r.stderr.contains("MFA"), r.stderr)
        XCTAssertTrue(r.stderr.hasSuffix("; run: ekspipe auth login admin --config \(atmosURL.path)\n"), r.stderr)
        XCTAssertEqual(r.stderr.components(separatedBy: "ekspipe auth login").count, 2, "the hint once: \(r.stderr)")
    }
}

extension ProviderSSOSessionTests {
    /// The SSO session ended (no refresh possible) while the role credentials have 9 minutes
    /// left: kubectl keeps working on them, with the warning, and no sign-in is started.
    func testKubectlUsesNearExpiryCredentialsWhenTheSSOSessionEnded() throws {
        try startSignedIn()
        try editStoredToken {
            $0["expiresAt"] = Self.iso(Date().addingTimeInterval(-60))
            $0["refreshToken"] = "revoked-refresh-token"
        }
        try ageCachedCredentials(expiringIn: 570)
        let (kube, config) = try startKube()
        let r = try kubectl(config)
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stderr.contains("eks-presign: credentials for identity dev-admin expire in 9 min"), r.stderr)
        XCTAssertTrue(r.stderr.contains("run: ekspipe auth login dev-admin --config \(atmosURL.path)"), r.stderr)
        XCTAssertFalse(paths().contains("/device_authorization"), "no sign-in started under kubectl")
        XCTAssertTrue(kube.decisions().allSatisfy { $0["ok"] as? Bool == true }, "\(kube.decisions())")
    }
}
