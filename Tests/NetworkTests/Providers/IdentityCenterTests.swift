import Common
import Foundation
import XCTest
@testable import Network

/// Identity Center access tokens (stored, refreshed, borrowed from the AWS CLI, or by the
/// device flow on a stepping clock: no real sleep) and the permission-set provider.
final class IdentityCenterTests: XCTestCase {
    let yaml = """
        auth:
          providers:
            sso:
              kind: aws/iam-identity-center
              region: us-east-1
              start_url: https://x.awsapps.com/start
          identities:
            dev:
              kind: aws/permission-set
              via: {provider: sso}
              principal: {name: Admin, account: {name: dev}}
        """
    let startURL = "https://x.awsapps.com/start"

    func store(minutes: Int64, refreshable: Bool = false) throws {
        var doc = JSONObject()
        doc["startUrl"] = .string(startURL)
        doc["accessToken"] = "stored-access"
        doc["expiresAt"] = .string((Fixture.now + minutes * 60).iso8601)
        if refreshable {
            doc["clientId"] = "cid"
            doc["clientSecret"] = "cs"
            doc["refreshToken"] = "rt"
        }
        try SSOSessionStore.write(SSOToken(path: SSOSessionStore.path(startURL: startURL), document: doc))
    }

    func tokens(_ config: AuthConfig, _ t: ScriptedTransport, interactive: Bool = false, clock: ProviderClock = .fixed(Fixture.now),
                said: Lines? = nil) -> (IdentityCenterTokens, AuthConfig.Provider) {
        (IdentityFixture.context(config, t, interactive: interactive, clock: clock, said: said).ssoTokens, config.provider("sso")!)
    }

    func testStoredThenRefreshedThenCLI() throws {
        let home = try IdentityFixture.scratchHome(self)
        let config = try IdentityFixture.config(self, yaml)
        let t = ScriptedTransport { _, _ in Fixture.json(200, #"{"accessToken":"refreshed","expiresIn":3600}"#) }
        try store(minutes: 60)
        var (tokens, provider) = self.tokens(config, t)
        XCTAssertEqual(try tokens.token(provider, identity: "dev", loginHint: "h").origin, "ekspipe")
        try store(minutes: 5, refreshable: true)
        (tokens, provider) = self.tokens(config, t)
        let refreshed = try tokens.token(provider, identity: "dev", loginHint: "h")
        XCTAssertEqual(refreshed.token, "refreshed")
        XCTAssertEqual(refreshed.origin, "ekspipe-refreshed")
        XCTAssertEqual(SSOSessionStore.read(startURL: startURL)?.accessToken, "refreshed")
        XCTAssertEqual(try tokens.token(provider, identity: "dev", loginHint: "h").token, "refreshed", "memoized for the run")
        XCTAssertEqual(t.requests.count, 1)

        _ = try SSOSessionStore.remove(startURL: startURL)
        let cli = #"{"startUrl":"https://x.awsapps.com/start/","accessToken":"cli-access","expiresAt":"\#((Fixture.now + 3600).iso8601)"}"#
        try Fixture.write(cli, home.appendingPathComponent(".aws/sso/cache/abc.json"))
        (tokens, provider) = self.tokens(config, t)
        XCTAssertEqual(try tokens.token(provider, identity: "dev", loginHint: "h").origin, "aws-cli")
        tokens.forget(provider)
        XCTAssertTrue(FileManager.default.fileExists(atPath: home.appendingPathComponent(".aws/sso/cache/abc.json").path), "never deleted")
    }

    func testNonInteractiveWithoutSessionFailsAtOnce() throws {
        _ = try IdentityFixture.scratchHome(self)
        let config = try IdentityFixture.config(self, yaml)
        let t = ScriptedTransport { _, _ in XCTFail("no request"); return Fixture.json(500, "") }
        let (tokens, provider) = self.tokens(config, t)
        XCTAssertThrowsError(try tokens.token(provider, identity: "dev", loginHint: "run: X")) { e in
            XCTAssertEqual(Fixture.message(e), "provider sso: no SSO session for \(startURL) and signing in needs a browser, which this run may not ask for (--non-interactive, or no terminal); run: X")
        }
    }

    func testDeviceFlowOnTheClock() throws {
        _ = try IdentityFixture.scratchHome(self)
        let config = try IdentityFixture.config(self, yaml)
        var polls = 0
        let t = ScriptedTransport { r, _ in
            if r.url.hasSuffix("/client/register") { return Fixture.json(200, #"{"clientId":"c1","clientSecret":"s1","clientSecretExpiresAt":1900000000}"#) }
            if r.url.hasSuffix("/device_authorization") {
                return Fixture.json(200, #"{"deviceCode":"d","userCode":"U-1","verificationUri":"https://v","expiresIn":600,"interval":2}"#)
            }
            polls += 1
            switch polls {
            case 1: return Fixture.json(400, #"{"error":"authorization_pending"}"#)
            case 2: return Fixture.json(400, #"{"error":"slow_down"}"#)
            default: return Fixture.json(200, #"{"accessToken":"device-access","expiresIn":28800,"refreshToken":"rt"}"#)
            }
        }
        let stepping = SteppingClock(Fixture.now)
        let said = Lines()
        let (tokens, provider) = self.tokens(config, t, interactive: true, clock: stepping.clock, said: said)
        let found = try tokens.token(provider, identity: "dev", loginHint: "h")
        XCTAssertEqual(found.token, "device-access")
        XCTAssertEqual(found.origin, "device-authorization")
        XCTAssertEqual(stepping.sleeps, [2, 2, 7], "the interval, then 5 more after slow_down (RFC 8628)")
        XCTAssertEqual(said.lines.first, "sign in to \(startURL) for identity dev:")
        XCTAssertTrue(said.lines.contains("  and check that the code shown is U-1"), "\(said.lines)")
        let stored = try XCTUnwrap(SSOSessionStore.read(startURL: startURL))
        XCTAssertEqual(stored.expiresAt, Fixture.now + 11 + 28800, "from the clock's time at approval")
        let mode = try FileManager.default.attributesOfItem(atPath: stored.path)[.posixPermissions] as? Int
        XCTAssertEqual(mode, 0o600)
    }

    /// RFC 8628 §3.5 at the pace the fake portal asks for (interval 1): a slow_down raises the
    /// interval by 5 s for every later poll, so the next poll comes 6 s after the refused one
    /// (an SSO OIDC that sees a poll sooner answers slow_down again). Formerly ProviderSSOTests'
    /// testSlowDownIsHonoured, which slept those 7 s for real.
    func testSlowDownRaisesTheIntervalForTheNextPoll() throws {
        _ = try IdentityFixture.scratchHome(self)
        let config = try IdentityFixture.config(self, yaml)
        let stepping = SteppingClock(Fixture.now)
        var polls: [Timestamp] = [], answers: [String] = []
        let t = ScriptedTransport { r, _ in
            if r.url.hasSuffix("/client/register") { return Fixture.json(200, #"{"clientId":"c1","clientSecret":"s1","clientSecretExpiresAt":1900000000}"#) }
            if r.url.hasSuffix("/device_authorization") {
                return Fixture.json(200, #"{"deviceCode":"d","userCode":"U-1","verificationUri":"https://v","expiresIn":600,"interval":1}"#)
            }
            polls.append(stepping.now)
            // The portal's rule: slow_down on the first poll, and on any poll sooner than the
            // interval it asked for (which each slow_down raised by 5 s).
            let soon = polls.count > 1 && polls[polls.count - 1].seconds - polls[polls.count - 2].seconds < 6
            answers.append(polls.count == 1 || soon ? "slow_down" : "token")
            return answers.last == "slow_down" ? Fixture.json(400, #"{"error":"slow_down"}"#)
                : Fixture.json(200, #"{"accessToken":"device-access","expiresIn":28800,"refreshToken":"rt"}"#)
        }
        let (tokens, provider) = self.tokens(config, t, interactive: true, clock: stepping.clock)
        XCTAssertEqual(try tokens.token(provider, identity: "dev", loginHint: "h").token, "device-access")
        XCTAssertEqual(answers, ["slow_down", "token"], "the poll after a slow_down came too soon")
        XCTAssertEqual(stepping.sleeps, [1, 6])
        XCTAssertEqual(polls.map { $0.seconds - Fixture.now.seconds }, [1, 7])
    }

    func testPermissionSetByAccountName() throws {
        _ = try IdentityFixture.scratchHome(self)
        let config = try IdentityFixture.config(self, yaml)
        try store(minutes: 60)
        let t = ScriptedTransport { r, _ in
            r.url.contains("/assignment/accounts")
                ? Fixture.json(200, #"{"accountList":[{"accountId":"111122223333","accountName":"dev"}]}"#)
                : Fixture.json(200, #"{"roleCredentials":{"accessKeyId":"ASIAPS","secretAccessKey":"s","sessionToken":"t","expiration":1795003200000}}"#)
        }
        let p = PermissionSetProvider(identity: try config.identity("dev"), context: IdentityFixture.context(config, t))
        let r = try XCTUnwrap(p.resolve())
        XCTAssertEqual(r.credentials.accessKeyId, "ASIAPS")
        XCTAssertEqual(r.source["accountId"]?.string, "111122223333")
        XCTAssertEqual(r.source["ssoSession"]?.string, "ekspipe")
        XCTAssertTrue(t.requests[1].url.contains("role_name=Admin"), t.requests[1].url)
    }

    func testPermissionSetRefusedSessionNonInteractive() throws {
        _ = try IdentityFixture.scratchHome(self)
        let config = try IdentityFixture.config(self, yaml)
        try store(minutes: 60)
        let t = ScriptedTransport { _, _ in Fixture.json(401, #"{"message":"Session token not found or invalid"}"#) }
        let p = PermissionSetProvider(identity: try config.identity("dev"), context: IdentityFixture.context(config, t))
        XCTAssertThrowsError(try p.resolve()) { e in
            XCTAssertTrue(Fixture.message(e).hasPrefix("provider sso: the SSO portal refused the session for \(self.startURL)"), "\(e)")
        }
    }
}
