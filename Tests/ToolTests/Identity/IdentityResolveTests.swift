import Foundation
import XCTest

/// creds-resolve --identity against moto: an aws/user identity with static keys (GetSessionToken),
/// an aws/assume-role identity via it, integrations → clusters, the cache that eks-presign reads,
/// and logout.
final class IdentityResolveTests: IdentityTestCase {
    nonisolated(unsafe) static var moto: MotoServer?
    nonisolated(unsafe) static var user: AWSKeys!
    nonisolated(unsafe) static var userArn: String!

    override class func setUp() {
        super.setUp()
        moto = MotoServer.startForClass { m in
            let u = try m.createUserWithKeys(name: "identity-user")
            user = u.keys
            userArn = u.arn
            for r in ["eks-admin", "eks-reader"] { try m.createRole(name: r) }
        }
    }

    override class func tearDown() {
        moto?.stop()
        moto = nil
        super.tearDown()
    }

    var moto: MotoServer { Self.moto! }
    var env: [String: String] { moto.endpointEnvironment }
    func role(_ name: String) -> String { MotoServer.roleArn(name) }

    func writeIdentities(mfa: Bool = false) throws {
        try writeAtmos("""
            auth:
              identities:
                base:
                  kind: aws/user
                  credentials:
                    access_key_id: \(Self.user.accessKeyId)
                    secret_access_key: \(Self.user.secretAccessKey)
                    region: us-east-2
            \(mfa ? "        mfa_arn: arn:aws:iam::123456789012:mfa/identity-user" : "")
                  session:
                    duration: 2h
                admin:
                  kind: aws/assume-role
                  via:
                    identity: base
                  principal:
                    assume_role: \(role("eks-admin"))
                    external_id: ext-42
                reader:
                  kind: aws/assume-role
                  via:
                    identity: admin
                  principal:
                    assume_role: \(role("eks-reader"))
                    session_name: reading
                    duration: 30m
              integrations:
                dev/eks/primary:
                  kind: aws/eks
                  via:
                    identity: admin
                  spec:
                    cluster:
                      name: dev-cluster
                      region: us-west-2
                      alias: dev-eks
                dev/eks/batch:
                  kind: aws/eks
                  via:
                    identity: admin
                  spec:
                    auto_provision: false
                    cluster:
                      name: batch-cluster
                      region: eu-west-1
                      kubeconfig:
                        path: /tmp/batch-kubeconfig
                        mode: "0640"
                        update: replace
                reader/eks:
                  kind: aws/eks
                  via:
                    identity: reader
                  spec:
                    cluster:
                      name: reader-cluster
                      region: us-east-2
            """)
    }

    func testUserIdentityGetsASessionFromItsKeys() throws {
        try writeIdentities()
        let doc = try resolve(identityArgs("base", ["--reveal"]), env: env)
        let keys = try XCTUnwrap(Self.credentials(doc))
        // A GetSessionToken session (moto answers every one with its fixed example keys), not the long-term keys.
        XCTAssertNotEqual(keys.accessKeyId, Self.user.accessKeyId)
        XCTAssertNotEqual(keys.secretAccessKey, Self.user.secretAccessKey)
        XCTAssertNotNil(keys.sessionToken)
        XCTAssertEqual(doc["identity"] as? String, "base")
        XCTAssertEqual(doc["config"] as? String, atmosURL.path)
        XCTAssertEqual(doc["region"] as? String, "us-east-2", "the identity's region")
        XCTAssertEqual((doc["clusters"] as? [Any])?.count, 0, "base has no integrations")
        let source = try XCTUnwrap(doc["source"] as? [String: Any])
        XCTAssertEqual(source["kind"] as? String, "aws/user")
        XCTAssertEqual(source["identity"] as? String, "base")
        XCTAssertEqual(source["keys"] as? String, "config")
        // session.duration (2h) reached STS.
        let exp = try XCTUnwrap(ISO8601DateFormatter().date(from: try XCTUnwrap(keys.expiration)))
        XCTAssertEqual(exp.timeIntervalSinceNow, 7200, accuracy: 120)
        assertNoSecrets(try run(identityArgs("base", ["--format", "json"]), env: env).stderr, [keys])
    }

    func testKeysFromTheEnvironmentWhenTheConfigHasNone() throws {
        try writeAtmos("""
            auth:
              identities:
                me:
                  kind: aws/user
            """)
        let doc = try resolve(identityArgs("me"), env: env.merging(Self.user.environment) { $1 })
        XCTAssertEqual((doc["source"] as? [String: Any])?["keys"] as? String, "environment")
        let keys = try XCTUnwrap(Self.credentials(doc))
        XCTAssertNotEqual(keys.accessKeyId, Self.user.accessKeyId)
        XCTAssertNotNil(keys.sessionToken)
        let err = try fail(identityArgs("me", ["--no-cache"]), env: env, status: 1)
        XCTAssertTrue(err.contains("AWS_ACCESS_KEY_ID"), err)
        XCTAssertTrue(err.contains("identity me"), err)
    }

    func testAssumeRoleViaUserTwoHops() throws {
        try writeIdentities()
        let doc = try resolve(identityArgs("admin"), env: env)
        let keys = try XCTUnwrap(Self.credentials(doc))
        XCTAssertEqual(try moto.callerArn(keys: keys), "arn:aws:sts::\(MotoServer.accountID):assumed-role/eks-admin/ekspipe-admin")
        let source = try XCTUnwrap(doc["source"] as? [String: Any])
        XCTAssertEqual(source["kind"] as? String, "aws/assume-role")
        XCTAssertEqual(source["identity"] as? String, "admin")
        XCTAssertEqual(source["roleArn"] as? String, role("eks-admin"))
        XCTAssertEqual((source["via"] as? [String: Any])?["identity"] as? String, "base")
        XCTAssertEqual(doc["region"] as? String, "us-east-2", "the region of the identity it comes via")
        let flagged = try resolve(identityArgs("admin", ["--region", "eu-west-3"]), env: ["AWS_ENDPOINT_URL": "http://127.0.0.1:1"])
        XCTAssertEqual(flagged["region"] as? String, "eu-west-3", "--region wins, also over the cached entry's")
        XCTAssertEqual(Self.credentials(flagged), keys)

        // Three identities deep, with its own session name; the hops already cached are reused.
        let before = Set(try cachedSelections())
        XCTAssertEqual(before, ["identity=admin\nconfig=\(atmosURL.path)", "identity=base\nconfig=\(atmosURL.path)"])
        let reader = try resolve(identityArgs("reader"), env: env)
        let rk = try XCTUnwrap(Self.credentials(reader))
        XCTAssertEqual(try moto.callerArn(keys: rk), "arn:aws:sts::\(MotoServer.accountID):assumed-role/eks-reader/reading")
        let chain = (reader["source"] as? [String: Any])?["via"] as? [String: Any]
        XCTAssertEqual(chain?["identity"] as? String, "admin")
        XCTAssertEqual((chain?["via"] as? [String: Any])?["identity"] as? String, "base")
        XCTAssertEqual(try cachedSelections().count, 3)
    }

    func testCachedIdentityNeedsNoNetwork() throws {
        try writeIdentities()
        let first = try resolve(identityArgs("admin"), env: env)
        let dead = ["AWS_ENDPOINT_URL": "http://127.0.0.1:1"]
        let second = try resolve(identityArgs("admin"), env: dead)
        XCTAssertEqual(Self.credentials(second), Self.credentials(first))
        // --no-cache asks STS (here: nobody), and says which identity failed.
        let err = try fail(identityArgs("admin", ["--no-cache"]), env: dead, status: 1)
        XCTAssertTrue(err.contains("identity base") || err.contains("identity admin"), err)
        for name in cacheEntries() {
            let attrs = try FileManager.default.attributesOfItem(atPath: cacheDir.appendingPathComponent(name).path)
            XCTAssertEqual((attrs[.posixPermissions] as? NSNumber)?.intValue, 0o600)
        }
    }

    func testIntegrationsBecomeClusters() throws {
        try writeIdentities()
        func clusters(_ extra: [String]) throws -> [[String: Any]] {
            try XCTUnwrap(try resolve(identityArgs("admin", extra), env: env)["clusters"] as? [[String: Any]])
        }
        let auto = try clusters([])
        XCTAssertEqual(auto.map { $0["name"] as? String }, ["dev-cluster"], "only auto_provision by default")
        XCTAssertEqual(auto[0]["region"] as? String, "us-west-2")
        XCTAssertEqual(auto[0]["alias"] as? String, "dev-eks")
        XCTAssertEqual(auto[0]["integration"] as? String, "dev/eks/primary")

        let named = try clusters(["--integration", "dev/eks/batch"])
        XCTAssertEqual(named.map { $0["name"] as? String }, ["batch-cluster"])
        XCTAssertEqual(named[0]["kubeconfig"] as? [String: String], ["path": "/tmp/batch-kubeconfig", "mode": "0640", "update": "replace"])

        let all = try clusters(["--all-integrations"])
        XCTAssertEqual(all.map { $0["integration"] as? String }, ["dev/eks/primary", "dev/eks/batch"])

        let other = try fail(identityArgs("admin", ["--integration", "reader/eks"]), env: env, status: 2)
        XCTAssertTrue(other.contains("'reader/eks' is linked to identity 'reader'"), other)
        let none = try fail(identityArgs("admin", ["--integration", "nope"]), env: env, status: 2)
        XCTAssertTrue(none.contains("no integration 'nope'"), none)
        let both = try run(identityArgs("admin", ["--integration", "dev/eks/batch", "--all-integrations"]), env: env)
        XCTAssertEqual(both.status, 2)
        XCTAssertTrue(both.stderr.hasPrefix("creds-resolve: --integration and --all-integrations are mutually exclusive"), both.stderr)
    }

    func testEnvelopeFromStdinIsKept() throws {
        try writeIdentities()
        let r = try run(identityArgs("admin", ["--stdin"]), env: env, stdin: Data(#"{"kept": {"a": 1}, "region": "ap-south-1"}"#.utf8))
        XCTAssertEqual(r.status, 0, r.stderr)
        let doc = try r.json()
        XCTAssertEqual(doc["kept"] as? [String: Int], ["a": 1])
        XCTAssertEqual(doc["region"] as? String, "us-east-2")
    }

    /// eks-presign --identity signs from the entry creds-resolve cached, with STS gone.
    func testPresignReadsTheIdentityCacheWithoutNetwork() throws {
        try writeIdentities()
        let m = try MotoServer.start()
        defer { m.stop() }
        _ = try m.createUserWithKeys(name: "identity-user")
        try m.createRole(name: "eks-admin")
        // moto's user keys of this private server stand in for the identity's.
        let u = try m.createAccessKey(user: "identity-user")
        try writeAtmos(try String(contentsOf: atmosURL, encoding: .utf8)
            .replacingOccurrences(of: Self.user.accessKeyId, with: u.accessKeyId)
            .replacingOccurrences(of: Self.user.secretAccessKey, with: u.secretAccessKey))
        let doc = try resolve(identityArgs("admin", ["--reveal"]), env: m.endpointEnvironment)
        let keys = try XCTUnwrap(Self.credentials(doc))
        m.stop()

        let r = try presign(["--cluster-name", "dev-cluster", "--identity", "admin", "--config", atmosURL.path],
                            env: ["AWS_ENDPOINT_URL": m.endpoint])
        XCTAssertEqual(r.status, 0, r.stderr)
        let (token, url) = try Self.tokenURL(r)
        XCTAssertTrue(url.contains("Credential=\(keys.accessKeyId)%2F"), url)
        XCTAssertTrue(url.hasPrefix("https://sts.us-east-2.amazonaws.com/"), "the cached region: \(url)")
        let check = try FakeKube.check(token: token, clusterID: "dev-cluster", keys: [keys])
        XCTAssertTrue(check.ok, "\(check.result)")

        // After logout the cache is gone and STS is down: eks-presign says what to run.
        let out = try run(identityArgs("admin", ["--logout"]), env: [:])
        XCTAssertEqual(out.status, 0, out.stderr)
        let failed = try presign(["--cluster-name", "dev-cluster", "--identity", "admin", "--config", atmosURL.path],
                                 env: ["AWS_ENDPOINT_URL": m.endpoint, "PATH": Harness.binDir.path + ":/usr/bin:/bin"])
        XCTAssertEqual(failed.status, 1, failed.stderr)
        XCTAssertTrue(failed.stderr.contains("run: ekspipe auth login admin"), failed.stderr)
    }

    func testLogoutRemovesOnlyThatIdentity() throws {
        try writeIdentities()
        _ = try resolve(identityArgs("reader"), env: env)
        XCTAssertEqual(cacheEntries().count, 3)
        let r = try run(identityArgs("admin", ["--logout"]))
        XCTAssertEqual(r.status, 0, r.stderr)
        let doc = try r.json()
        XCTAssertEqual(doc["identity"] as? String, "admin")
        XCTAssertEqual(doc["config"] as? String, atmosURL.path)
        XCTAssertEqual(doc["removed"] as? Int, 1)
        XCTAssertEqual((doc["clusters"] as? [[String: Any]])?.map { $0["integration"] as? String }, ["dev/eks/primary", "dev/eks/batch"],
                       "every integration of the identity, for the flows to clean up")
        XCTAssertEqual(try cachedSelections(), ["identity=base\nconfig=\(atmosURL.path)", "identity=reader\nconfig=\(atmosURL.path)"])
        // Twice is fine: nothing left to remove.
        XCTAssertEqual(try run(identityArgs("admin", ["--logout"])).json()["removed"] as? Int, 0)
    }

    func testMFAUnderNonInteractiveFailsAtOnce() throws {
        try writeIdentities(mfa: true)
        let err = try fail(identityArgs("admin", ["--non-interactive"]), env: ["AWS_ENDPOINT_URL": "http://127.0.0.1:1"], status: 1)
        XCTAssertTrue(err.contains("MFA"), err)
        XCTAssertTrue(err.hasSuffix("run: ekspipe auth login admin --config \(atmosURL.path)\n"), err)
        // Without a terminal to ask on (the test runs without one), the interactive run fails too.
        let noTTY = try fail(identityArgs("base"), env: ["AWS_ENDPOINT_URL": "http://127.0.0.1:1"], status: 1)
        XCTAssertTrue(noTTY.contains("no terminal"), noTTY)
    }

    func testDiscoveryThroughEnvironment() throws {
        try writeIdentities()
        let viaEnv = try resolve(["--identity", "admin"], env: env.merging(["EKSPIPE_CONFIG": atmosURL.path]) { $1 })
        XCTAssertEqual(viaEnv["config"] as? String, atmosURL.path)
        let xdg = home.appendingPathComponent(".config/ekspipe")
        try FileManager.default.createDirectory(at: xdg, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: atmosURL, to: xdg.appendingPathComponent("atmos.yaml"))
        let viaXDG = try resolve(["--identity", "admin"], env: env)
        XCTAssertEqual(viaXDG["config"] as? String, xdg.appendingPathComponent("atmos.yaml").path)
    }

    func testCredentialProcessFormat() throws {
        try writeIdentities()
        let r = try run(identityArgs("admin", ["--format", "credential-process"]), env: env)
        XCTAssertEqual(r.status, 0, r.stderr)
        let doc = try r.json()
        XCTAssertEqual(doc["Version"] as? Int, 1)
        XCTAssertNotNil(doc["SessionToken"])
        XCTAssertNil(doc["clusters"])
    }
}

extension IdentityResolveTests {
    /// The MFA code of an aws/user identity is asked on the terminal once; the session it buys
    /// is cached, so the identity built on it resolves later without asking again.
    func testMFACodeIsAskedOnTheTerminalOnce() throws {
        try writeIdentities(mfa: true)
        let r = try runOnTerminal(identityArgs("admin", ["--reveal"]), env: env,
                                  prompt: "Enter MFA code for arn:aws:iam::123456789012:mfa/identity-user: ", input: "123456")
        XCTAssertEqual(r.status, 0, r.screen)
        XCTAssertTrue(r.screen.contains("\"mfa\": \"arn:aws:iam::123456789012:mfa/identity-user\""), r.screen)
        try run(identityArgs("admin", ["--logout"]))
        // base's MFA session is still cached: admin resolves without a terminal.
        let again = try resolve(identityArgs("admin", ["--non-interactive"]), env: env)
        XCTAssertNotNil(Self.credentials(again))
    }
}

extension IdentityResolveTests {
    /// aws/ambient is the SDK chain: here the selected profile's static keys, then a role on top
    /// with --role-arn (as eks-presign --identity --role-arn asks), cached under its own key.
    func testAmbientIdentityAndARoleOnTop() throws {
        try writeCredentials("[default]\naws_access_key_id = \(Self.user.accessKeyId)\naws_secret_access_key = \(Self.user.secretAccessKey)\n")
        try writeAtmos("""
            auth:
              identities:
                local:
                  kind: aws/ambient
                  region: ap-southeast-2
            """)
        let doc = try resolve(identityArgs("local"), env: env)
        XCTAssertEqual(Self.credentials(doc), Self.user, "the profile's keys, as the SDK chain finds them")
        let source = try XCTUnwrap(doc["source"] as? [String: Any])
        XCTAssertEqual(source["kind"] as? String, "aws/ambient")
        XCTAssertEqual((source["via"] as? [String: Any])?["kind"] as? String, "profile")
        XCTAssertEqual(doc["region"] as? String, "ap-southeast-2")
        XCTAssertEqual(cacheEntries(), [], "long-term keys are not cached")

        let onTop = try resolve(identityArgs("local", ["--role-arn", role("eks-reader"), "--role-session-name", "on-top"]), env: env)
        let rk = try XCTUnwrap(Self.credentials(onTop))
        XCTAssertEqual(try moto.callerArn(keys: rk), "arn:aws:sts::\(MotoServer.accountID):assumed-role/eks-reader/on-top")
        XCTAssertEqual(try cachedSelections(), ["identity=local\nconfig=\(atmosURL.path)\nrole-arn=\(role("eks-reader"))\nrole-session-name=on-top"])
    }
}
