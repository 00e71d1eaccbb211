import Foundation
import XCTest

/// aws/iam-identity-center after a sign-in, through the built binaries against the local SSO
/// fake: each test starts from the session a device-flow login leaves (`startSignedIn`; the
/// login itself is ProviderSSOTests'), then the silent refresh, the AWS CLI's token reused
/// untouched, logout, and kubectl through eks-presign refreshing role credentials or failing
/// fast when a browser would be needed.
final class ProviderSSOSessionTests: SSOTestCase {
    func testNearExpiryTokenIsRefreshedWithoutABrowser() throws {
        try startSignedIn()
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
        XCTAssertFalse(paths().contains("/device_authorization"), "no sign-in")
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
        try startSignedIn()
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

    /// Signed in, kubectl authenticates; when the role credentials near
    /// expiry, eks-presign gets new ones from the stored SSO session without any browser.
    func testKubectlAfterLoginAndSilentRoleCredentialRefresh() throws {
        try startSignedIn()
        let (kube, config) = try startKube()
        let first = try kubectl(config)
        XCTAssertEqual(first.status, 0, first.stderr)
        XCTAssertTrue(first.out.contains("namespace/"), first.out)
        XCTAssertEqual(paths().filter { $0 == "/federation/credentials" }.count, 1, "the first call signed from the cache")

        try ageCachedCredentials(expiringIn: 300)
        let second = try kubectl(config)
        XCTAssertEqual(second.status, 0, second.stderr)
        XCTAssertEqual(paths().filter { $0 == "/federation/credentials" }.count, 2, "new role credentials from the SSO session")
        XCTAssertFalse(paths().contains("/device_authorization"), "no new sign-in")
        XCTAssertTrue(kube.decisions().allSatisfy { $0["ok"] as? Bool == true }, "\(kube.decisions())")
    }

    /// The SSO session itself expired (and cannot be refreshed), and so did the role
    /// credentials: under kubectl, eks-presign fails at once with the command to run — no
    /// device code, no browser, no hang. (With minutes left they are still used: see
    /// PresignExpiryTests.swift.)
    func testExpiredSSOSessionUnderKubectlFailsFast() throws {
        try startSignedIn()
        try editStoredToken {
            $0["expiresAt"] = Self.iso(Date().addingTimeInterval(-60))
            $0["refreshToken"] = "revoked-refresh-token"
        }
        try ageCachedCredentials(expiringIn: -60)
        let (kube, config) = try startKube()
        let r = try kubectl(config)
        XCTAssertNotEqual(r.status, 0)
        XCTAssertTrue(r.stderr.contains("run: ekspipe auth login dev-admin"), r.stderr)
        XCTAssertFalse(paths().contains("/device_authorization"), "no sign-in started under kubectl")
        XCTAssertFalse(kube.decisions().contains { $0["ok"] as? Bool == true })
    }
}
