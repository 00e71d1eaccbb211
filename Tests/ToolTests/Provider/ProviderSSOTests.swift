import Foundation
import XCTest

/// aws/iam-identity-center + aws/permission-set through the built binaries, against the local
/// SSO OIDC/portal fake (scripts/fakes/sso_portal.py): the device authorization flow end to
/// end (the code and URL shown, the browser, the account by name or id, an expired code, a
/// revoked session replaced, a role chained on it), and eks-presign not waiting for a sign-in
/// in progress. The pace of the polls (interval, slow_down) is tested on an injected clock in
/// NetworkTests' IdentityCenterTests; what happens after a sign-in, in ProviderSSOSessionTests.
final class ProviderSSOTests: SSOTestCase {
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
        try startSignedIn(account: "account: {id: \"111111111111\"}")
        try editStoredToken { $0["accessToken"] = "revoked-elsewhere" }
        try run(identityArgs("dev-admin", ["--logout"]))
        let err = try fail(identityArgs("dev-admin", ["--non-interactive"]), env: env, status: 1)
        XCTAssertTrue(err.contains("refused the session"), err)
        XCTAssertTrue(err.hasSuffix("run: ekspipe auth login dev-admin --config \(atmosURL.path)\n"), err)
        XCTAssertFalse(err.contains("revoked-elsewhere"), "the token is never printed")
        let r = try login()
        XCTAssertEqual((try r.json()["source"] as? [String: Any])?["ssoSession"] as? String, "device-authorization")
        XCTAssertEqual(paths().filter { $0 == "/device_authorization" }.count, 1)
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
}
