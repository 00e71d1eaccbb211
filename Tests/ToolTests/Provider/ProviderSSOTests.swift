import Foundation
import XCTest

/// aws/iam-identity-center + aws/permission-set through the built binaries, against the local
/// SSO OIDC/portal fake (scripts/fakes/sso_portal.py): the device authorization flow, the token
/// store, silent refreshes, the AWS CLI's token reused untouched, logout, and kubectl through
/// eks-presign failing fast when a browser would be needed.
final class ProviderSSOTests: IdentityTestCase {
    var sso: CredentialFake!
    var servers: [AnyObject] = []

    static let startURL = "https://example.awsapps.com/start/"
    /// What the fake issues for account 111111111111 / role Admin with a device-flow token.
    static let adminKeys = AWSKeys(accessKeyId: "ASIASSOADMIN", secretAccessKey: "sso-secret-111111111111/Admin",
                                   sessionToken: "sso-session-sso-acce")

    override func tearDownWithError() throws {
        sso?.stop()
        for s in servers { (s as? FakeKube)?.stop() }
        try super.tearDownWithError()
    }

    /// The fake with its state: by default the person approves before the first poll, and the
    /// fake asks for the shortest interval ekspipe honours (1 s), because each poll of the
    /// device flow is a real sleep of that interval.
    func startSSO(_ state: [String: Any] = [:]) throws {
        var s: [String: Any] = ["roles": ["111111111111/Admin", "222222222222/ReadOnly"],
                                "accounts": ["111111111111": "dev", "222222222222": "prod"],
                                "pendingPolls": 0, "interval": 1]
        for (k, v) in state { s[k] = v }
        let file = home.appendingPathComponent("sso-state.json")
        try JSONSerialization.data(withJSONObject: s).write(to: file)
        sso = try CredentialFake.start("sso_portal.py", ["--state", file.path])
    }

    var env: [String: String] {
        ["AWS_ENDPOINT_URL_SSO": sso.url, "AWS_ENDPOINT_URL_SSO_OIDC": sso.url, "AWS_ENDPOINT_URL_STS": "http://127.0.0.1:1"]
    }

    func writeSSOConfig(account: String = "account: dev") throws {
        try writeAtmos("""
            auth:
              providers:
                company-sso:
                  kind: aws/iam-identity-center
                  region: us-east-1
                  start_url: \(Self.startURL)
              identities:
                dev-admin:
                  kind: aws/permission-set
                  via:
                    provider: company-sso
                  principal:
                    name: Admin
                    \(account)
                  region: us-west-2
              integrations:
                dev/eks:
                  kind: aws/eks
                  via: {identity: dev-admin}
                  spec:
                    cluster: {name: dev-cluster, region: us-west-2, alias: dev-eks}
            """)
    }

    var tokenStore: URL { home.appendingPathComponent(".cache/ekspipe/sso") }

    func storedToken() throws -> [String: Any] {
        let files = try FileManager.default.contentsOfDirectory(atPath: tokenStore.path).filter { $0.hasSuffix(".json") }
        XCTAssertEqual(files.count, 1)
        let data = try Data(contentsOf: tokenStore.appendingPathComponent(files[0]))
        return try XCTUnwrap(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    func editStoredToken(_ change: (inout [String: Any]) -> Void) throws {
        let name = try FileManager.default.contentsOfDirectory(atPath: tokenStore.path).first { $0.hasSuffix(".json") }!
        let url = tokenStore.appendingPathComponent(name)
        var doc = try storedToken()
        change(&doc)
        try JSONSerialization.data(withJSONObject: doc).write(to: url)
    }

    func paths(_ method: String? = nil) -> [String] {
        sso.requests().filter { method == nil || $0["method"] as? String == method }.compactMap { $0["path"] as? String }
    }

    /// A device-flow login on a terminal; returns the result after checking it succeeded.
    @discardableResult
    func login(_ extra: [String] = []) throws -> Harness.Result {
        let r = try runWithTerminal(identityArgs("dev-admin", extra), env: env)
        XCTAssertEqual(r.status, 0, r.stderr)
        return r
    }

    func testDeviceLoginPrintsTheCodeStoresTheSessionAndResolvesTheAccountByName() throws {
        try startSSO(["pendingPolls": 2])
        try writeSSOConfig()
        let r = try login()
        // The person is told where to go and which code to expect, on stderr.
        XCTAssertTrue(r.stderr.contains("https://device.sso.example.com/?user_code=ABCD-"), r.stderr)
        XCTAssertTrue(r.stderr.contains("code shown is ABCD-"), r.stderr)
        let doc = try r.json()
        XCTAssertEqual(Self.credentials(doc), Self.adminKeys.withExpirationFrom(doc))
        let source = try XCTUnwrap(doc["source"] as? [String: Any])
        XCTAssertEqual(source["kind"] as? String, "aws/permission-set")
        XCTAssertEqual(source["accountId"] as? String, "111111111111")
        XCTAssertEqual(source["roleName"] as? String, "Admin")
        XCTAssertEqual(source["ssoSession"] as? String, "device-authorization")
        XCTAssertEqual(doc["region"] as? String, "us-west-2")
        XCTAssertEqual((doc["clusters"] as? [[String: Any]])?.first?["alias"] as? String, "dev-eks")

        // Registration, authorization, polls while pending, then the token; accounts paged by name.
        let log = sso.requests()
        XCTAssertEqual(log.compactMap { $0["path"] as? String }.filter { $0 != "/token" },
                       ["/client/register", "/device_authorization", "/assignment/accounts", "/assignment/accounts", "/federation/credentials"])
        XCTAssertEqual(log.filter { $0["path"] as? String == "/token" }.compactMap { $0["answer"] as? String },
                       ["authorization_pending", "authorization_pending", "token"])
        XCTAssertEqual(log.first?["clientType"] as? String, "public")

        // The session: 0600 in a 0700 directory, the CLI's format; its secrets are never printed.
        let token = try storedToken()
        XCTAssertEqual(token["startUrl"] as? String, Self.startURL)
        XCTAssertEqual(token["region"] as? String, "us-east-1")
        let refresh = try XCTUnwrap(token["refreshToken"] as? String)
        let secret = try XCTUnwrap(token["clientSecret"] as? String)
        XCTAssertNotNil(token["clientId"])
        XCTAssertNotNil(token["expiresAt"])
        XCTAssertEqual(try filePermissions(tokenStore.path), 0o700)
        for f in try FileManager.default.contentsOfDirectory(atPath: tokenStore.path) {
            XCTAssertEqual(try filePermissions(tokenStore.appendingPathComponent(f).path), 0o600)
        }
        for text in [r.stderr, r.out] {
            XCTAssertFalse(text.contains(refresh), "refresh token leaked")
            XCTAssertFalse(text.contains(secret), "client secret leaked")
            XCTAssertFalse(text.contains(token["accessToken"] as! String), "access token leaked")
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: home.appendingPathComponent(".aws/sso/cache").path),
                       "the AWS CLI's cache is not written")

        // The next run, without a terminal, uses the stored session: no browser, no new device code.
        try run(identityArgs("dev-admin", ["--logout"]))
        let again = try resolve(identityArgs("dev-admin", ["--non-interactive"]), env: env)
        XCTAssertEqual((again["source"] as? [String: Any])?["ssoSession"] as? String, "ekspipe")
        XCTAssertEqual(paths().filter { $0 == "/device_authorization" }.count, 1)
    }

    /// A person at a terminal with a graphical session gets the page opened with xdg-open (here
    /// a stand-in that records its argument); EKSPIPE_NO_BROWSER=1 or no DISPLAY opens nothing.
    func testBrowserOpensOnlyForAPersonWithADisplay() throws {
        try startSSO()
        try writeSSOConfig()
        let bin = home.appendingPathComponent("bin")
        try FileManager.default.createDirectory(at: bin, withIntermediateDirectories: true)
        let record = home.appendingPathComponent("opened")
        try "#!/bin/sh\nprintf '%s\\n' \"$1\" >> \(record.path)\n".write(to: bin.appendingPathComponent("xdg-open"), atomically: true, encoding: .utf8)
        chmod(bin.appendingPathComponent("xdg-open").path, 0o755)
        var e = env
        e["PATH"] = bin.path + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")
        func opened() -> [String] {
            ((try? String(contentsOf: record, encoding: .utf8)) ?? "").split(separator: "\n").map(String.init)
        }
        for (extra, expectOpen) in [(["EKSPIPE_NO_BROWSER": "1", "DISPLAY": ":0"], false), ([:], false), (["DISPLAY": ":0"], true)] {
            try? FileManager.default.removeItem(at: tokenStore)
            try? FileManager.default.removeItem(at: record)
            try run(identityArgs("dev-admin", ["--logout"]))
            let r = try runWithTerminal(identityArgs("dev-admin"), env: e.merging(extra) { $1 })
            XCTAssertEqual(r.status, 0, r.stderr)
            for _ in 0..<100 where expectOpen && opened().isEmpty { usleep(20_000) }  // xdg-open runs in the background
            if expectOpen {
                XCTAssertEqual(opened().count, 1, "\(extra)")
                XCTAssertTrue(opened().first?.hasPrefix("https://device.sso.example.com/?user_code=ABCD-") ?? false, "\(opened())")
            } else {
                XCTAssertEqual(opened(), [], "\(extra)")
            }
        }
    }

    /// The provider's session.duration caps how long ekspipe trusts the sign-in (OIDC granted 8 hours).
    func testProviderSessionDurationCapsTheStoredSession() throws {
        try startSSO()
        try writeSSOConfig()
        try writeAtmos(try String(contentsOf: atmosURL, encoding: .utf8).replacingOccurrences(
            of: "      start_url: \(Self.startURL)", with: "      start_url: \(Self.startURL)\n      session:\n        duration: 1h"))
        try login()
        let expiresAt = try XCTUnwrap(ISO8601DateFormatter().date(from: try XCTUnwrap(try storedToken()["expiresAt"] as? String)))
        XCTAssertEqual(expiresAt.timeIntervalSinceNow, 3600, accuracy: 120)
    }

    /// A stored session the portal no longer accepts (signed out elsewhere): without a terminal,
    /// the command to run; with one, a new sign-in replaces it.
    func testRevokedSessionSignsInAgain() throws {
        try startSSO()
        try writeSSOConfig(account: "account: {id: \"111111111111\"}")
        try login()
        try editStoredToken { $0["accessToken"] = "revoked-elsewhere" }
        try run(identityArgs("dev-admin", ["--logout"]))
        let err = try fail(identityArgs("dev-admin", ["--non-interactive"]), env: env, status: 1)
        XCTAssertTrue(err.contains("refused the session"), err)
        XCTAssertTrue(err.hasSuffix("run: ekspipe auth login dev-admin --config \(atmosURL.path)\n"), err)
        XCTAssertFalse(err.contains("revoked-elsewhere"), "the token is never printed")
        let r = try login()
        XCTAssertEqual((try r.json()["source"] as? [String: Any])?["ssoSession"] as? String, "device-authorization")
        XCTAssertEqual(paths().filter { $0 == "/device_authorization" }.count, 2)
        XCTAssertNotEqual(try storedToken()["accessToken"] as? String, "revoked-elsewhere")
    }

    func testAccountByIdNeedsNoListAccounts() throws {
        try startSSO()
        try writeSSOConfig(account: "account: {id: \"222222222222\"}")
        try writeAtmos(try String(contentsOf: atmosURL, encoding: .utf8).replacingOccurrences(of: "name: Admin", with: "name: ReadOnly"))
        let r = try login()
        XCTAssertEqual((try r.json()["source"] as? [String: Any])?["accountId"] as? String, "222222222222")
        XCTAssertFalse(paths().contains("/assignment/accounts"))
    }

    func testUnknownAccountNameListsTheKnownOnes() throws {
        try startSSO()
        try writeSSOConfig(account: "account: staging")
        let r = try runWithTerminal(identityArgs("dev-admin"), env: env)
        XCTAssertEqual(r.status, 1)
        XCTAssertTrue(r.stderr.contains("no account named 'staging'"), r.stderr)
        XCTAssertTrue(r.stderr.contains("accounts: dev, prod"), r.stderr)
    }

    func testSlowDownIsHonoured() throws {
        try startSSO(["pendingPolls": 0, "slowDownPolls": [1]])
        try writeSSOConfig()
        try login()
        // One slow_down, then the next poll came late enough (the fake answers slow_down again
        // to a poll sooner than the raised interval).
        XCTAssertEqual(sso.requests().filter { $0["path"] as? String == "/token" }.compactMap { $0["answer"] as? String },
                       ["slow_down", "token"])
    }

    func testExpiredDeviceCodeSaysWhatToRun() throws {
        try startSSO(["expireCodes": true])
        try writeSSOConfig()
        let r = try runWithTerminal(identityArgs("dev-admin"), env: env)
        XCTAssertEqual(r.status, 1, r.stderr)
        XCTAssertEqual(r.out, "")
        XCTAssertTrue(r.stderr.contains("expired before it was approved; run: ekspipe auth login dev-admin"), r.stderr)
        XCTAssertEqual(((try? FileManager.default.contentsOfDirectory(atPath: tokenStore.path)) ?? []).filter { $0.hasSuffix(".json") }, [],
                       "no session stored")
        XCTAssertEqual(cacheEntries(), [])
    }

    func testNonInteractiveWithoutSessionFailsAtOnce() throws {
        try startSSO()
        try writeSSOConfig()
        // --non-interactive, and also simply no terminal at all (this run has none).
        for args in [identityArgs("dev-admin", ["--non-interactive"]), identityArgs("dev-admin")] {
            let err = try fail(args, env: env, status: 1)
            XCTAssertTrue(err.contains("needs a browser"), err)
            XCTAssertTrue(err.hasSuffix("run: ekspipe auth login dev-admin --config \(atmosURL.path)\n"), err)
        }
        XCTAssertEqual(paths(), [], "not even a client registration")
    }

    func testNearExpiryTokenIsRefreshedWithoutABrowser() throws {
        try startSSO()
        try writeSSOConfig()
        try login()
        let before = try storedToken()
        try editStoredToken { $0["expiresAt"] = Self.iso(Date().addingTimeInterval(120)) }
        try ageCachedCredentials(expiringIn: 60)
        let doc = try resolve(identityArgs("dev-admin", ["--non-interactive"]), env: env)
        XCTAssertEqual((doc["source"] as? [String: Any])?["ssoSession"] as? String, "ekspipe-refreshed")
        let refreshes = sso.requests().filter { $0["path"] as? String == "/token" && $0["grantType"] as? String == "refresh_token" }
        XCTAssertEqual(refreshes.count, 1)
        XCTAssertEqual(refreshes.first?["refreshToken"] as? String, before["refreshToken"] as? String)
        let after = try storedToken()
        XCTAssertTrue((after["accessToken"] as? String ?? "").hasPrefix("refreshed-access-"), "\(after)")
        XCTAssertEqual(after["clientId"] as? String, before["clientId"] as? String)
        XCTAssertEqual(sso.requests().last?["token"] as? String, after["accessToken"] as? String)
        XCTAssertEqual(paths().filter { $0 == "/device_authorization" }.count, 1)
    }

    func testValidAWSCLITokenIsReusedAndNeverTouched() throws {
        try startSSO(["accessTokens": ["cli-access-token"]])
        try writeSSOConfig()
        let dir = home.appendingPathComponent(".aws/sso/cache")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let cliFile = dir.appendingPathComponent("0123456789abcdef0123456789abcdef01234567.json")
        let cli = """
            {"startUrl": "https://example.awsapps.com/start", "region": "us-east-1", "accessToken": "cli-access-token", "expiresAt": "\(Self.iso(Date().addingTimeInterval(3600)))", "refreshToken": "cli-refresh", "clientId": "cli-client", "clientSecret": "cli-secret"}
            """
        try cli.write(to: cliFile, atomically: true, encoding: .utf8)
        let doc = try resolve(identityArgs("dev-admin", ["--non-interactive"]), env: env)
        XCTAssertEqual((doc["source"] as? [String: Any])?["ssoSession"] as? String, "aws-cli")
        XCTAssertEqual(sso.requests().last?["token"] as? String, "cli-access-token")
        XCTAssertFalse(paths().contains("/client/register"))
        // Logout signs ekspipe out; the CLI's token is neither used for Logout nor deleted.
        let out = try run(identityArgs("dev-admin", ["--logout", "--provider"]), env: env)
        XCTAssertEqual(out.status, 0, out.stderr)
        XCTAssertFalse(paths().contains("/logout"))
        XCTAssertEqual(try String(contentsOf: cliFile, encoding: .utf8), cli)
    }

    func testLogoutProviderSignsOutAndForgetsTheSession() throws {
        try startSSO()
        try writeSSOConfig()
        try login()
        let access = try XCTUnwrap(try storedToken()["accessToken"] as? String)
        let r = try run(identityArgs("dev-admin", ["--logout", "--provider"]), env: env)
        XCTAssertEqual(r.status, 0, r.stderr)
        let doc = try r.json()
        XCTAssertEqual(doc["removed"] as? Int, 1)
        let provider = try XCTUnwrap(doc["provider"] as? [String: Any])
        XCTAssertEqual(provider["name"] as? String, "company-sso")
        XCTAssertEqual(provider["signedOut"] as? Bool, true)
        XCTAssertEqual(provider["tokenRemoved"] as? Bool, true)
        let logout = sso.requests().filter { $0["path"] as? String == "/logout" }
        XCTAssertEqual(logout.map { $0["token"] as? String }, [access])
        XCTAssertEqual((try? FileManager.default.contentsOfDirectory(atPath: tokenStore.path))?.filter { $0.hasSuffix(".json") }, [])
        XCTAssertEqual(cacheEntries(), [])
        let err = try fail(identityArgs("dev-admin", ["--non-interactive"]), env: env, status: 1)
        XCTAssertTrue(err.contains("run: ekspipe auth login dev-admin"), err)
    }

    /// An aws/assume-role identity via a permission-set identity: the SSO role's credentials
    /// assume the next role at STS (moto).
    func testAssumeRoleChainedOnAPermissionSet() throws {
        try startSSO()
        try writeSSOConfig()
        try writeAtmos(try String(contentsOf: atmosURL, encoding: .utf8).replacingOccurrences(of: "  integrations:", with: """
                deploy:
                  kind: aws/assume-role
                  via: {identity: dev-admin}
                  principal: {assume_role: "arn:aws:iam::\(MotoServer.accountID):role/deployer"}
              integrations:
            """))
        let moto = try MotoServer.start()
        defer { moto.stop() }
        try moto.createRole(name: "deployer")
        var e = env
        e["AWS_ENDPOINT_URL_STS"] = moto.endpoint
        let r = try runWithTerminal(identityArgs("deploy"), env: e)
        XCTAssertEqual(r.status, 0, r.stderr)
        let doc = try r.json()
        let keys = try XCTUnwrap(Self.credentials(doc))
        XCTAssertEqual(try moto.callerArn(keys: keys), "arn:aws:sts::\(MotoServer.accountID):assumed-role/deployer/ekspipe-deploy")
        let via = (doc["source"] as? [String: Any])?["via"] as? [String: Any]
        XCTAssertEqual(via?["kind"] as? String, "aws/permission-set")
        XCTAssertTrue(r.stderr.contains("sign in to \(Self.startURL) for identity deploy"), r.stderr)
    }

    /// While a person is still signing in (the device authorization pending), eks-presign for
    /// the same identity does not wait for them: it fails at once with the command to run.
    func testPresignDoesNotWaitForASignInInProgress() throws {
        try startSSO(["pendingPolls": 60])
        try writeSSOConfig()
        let login = try startWithTerminal(identityArgs("dev-admin"), env: env)
        var started = false
        for _ in 0..<200 where !started {
            started = paths().contains("/device_authorization")
            if !started { usleep(50_000) }
        }
        XCTAssertTrue(started, "the sign-in did not start")
        let r = try presign(["--cluster-name", "dev-cluster", "--identity", "dev-admin", "--config", atmosURL.path], env: env)
        XCTAssertEqual(r.status, 1, r.stderr)
        XCTAssertTrue(r.stderr.contains("run: ekspipe auth login dev-admin"), r.stderr)
        let answers = sso.requests().compactMap { $0["answer"] as? String }
        XCTAssertFalse(answers.contains("token"), "eks-presign returned only after the sign-in finished")
        sso.stop()  // the pending sign-in now fails, and the background run ends
        XCTAssertNotEqual(login.finish().status, 0)
    }

    // MARK: - kubectl through eks-presign

    func startKube() throws -> (FakeKube, String) {
        let kube = try FakeKube.start(clusterID: "dev-cluster", keys: [Self.adminKeys],
                                      arns: [Self.adminKeys.accessKeyId: "arn:aws:sts::111111111111:assumed-role/AWSReservedSSO_Admin/me"])
        servers.append(kube)
        let config = try kube.writeKubeconfig(in: home, command: Harness.tool("eks-presign"),
                                              args: ["--cluster-name", "dev-cluster", "--region", "us-west-2",
                                                     "--identity", "dev-admin", "--config", atmosURL.path])
        return (kube, config)
    }

    func kubectl(_ config: String) throws -> Harness.Result {
        guard let k = BackgroundProcess.which("kubectl") else { throw XCTSkip("kubectl not on PATH (run scripts/setup)") }
        return try Harness.run(k, ["--kubeconfig", config, "--request-timeout", "20s", "get", "namespaces", "-o", "name"],
                               env: Harness.isolatedEnv(home: home, extra: env), timeout: 90)
    }

    /// Login with the device flow, kubectl authenticates; when the role credentials near
    /// expiry, eks-presign gets new ones from the stored SSO session without any browser.
    func testKubectlAfterLoginAndSilentRoleCredentialRefresh() throws {
        try startSSO()
        try writeSSOConfig()
        try login()
        let (kube, config) = try startKube()
        let first = try kubectl(config)
        XCTAssertEqual(first.status, 0, first.stderr)
        XCTAssertTrue(first.out.contains("namespace/"), first.out)
        XCTAssertEqual(paths().filter { $0 == "/federation/credentials" }.count, 1, "the first call signed from the cache")

        try ageCachedCredentials(expiringIn: 300)
        let second = try kubectl(config)
        XCTAssertEqual(second.status, 0, second.stderr)
        XCTAssertEqual(paths().filter { $0 == "/federation/credentials" }.count, 2, "new role credentials from the SSO session")
        XCTAssertEqual(paths().filter { $0 == "/device_authorization" }.count, 1, "no new sign-in")
        XCTAssertTrue(kube.decisions().allSatisfy { $0["ok"] as? Bool == true }, "\(kube.decisions())")
    }

    /// The SSO session itself expired (and cannot be refreshed), and so did the role
    /// credentials: under kubectl, eks-presign fails at once with the command to run — no
    /// device code, no browser, no hang. (With minutes left they are still used: see
    /// PresignExpiryTests.swift.)
    func testExpiredSSOSessionUnderKubectlFailsFast() throws {
        try startSSO()
        try writeSSOConfig()
        try login()
        try editStoredToken {
            $0["expiresAt"] = Self.iso(Date().addingTimeInterval(-60))
            $0["refreshToken"] = "revoked-refresh-token"
        }
        try ageCachedCredentials(expiringIn: -60)
        let (kube, config) = try startKube()
        let r = try kubectl(config)
        XCTAssertNotEqual(r.status, 0)
        XCTAssertTrue(r.stderr.contains("run: ekspipe auth login dev-admin"), r.stderr)
        XCTAssertEqual(paths().filter { $0 == "/device_authorization" }.count, 1, "no sign-in started under kubectl")
        XCTAssertFalse(kube.decisions().contains { $0["ok"] as? Bool == true })
    }
}

extension AWSKeys {
    /// These keys with the Expiration the document carries (the fake sets it from its clock).
    func withExpirationFrom(_ doc: [String: Any]) -> AWSKeys {
        var k = self
        k.expiration = (doc["credentials"] as? [String: Any])?["Expiration"] as? String
        return k
    }
}
