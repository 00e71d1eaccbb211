import Common
import Foundation
import XCTest
@testable import Network

final class UserIdentityProviderTests: XCTestCase {
    func identity(_ yaml: String, name: String = "me") throws -> (AuthConfig, AuthConfig.Identity) {
        let config = try IdentityFixture.config(self, yaml)
        return (config, try config.identity(name))
    }

    func testConfigKeysTradedForASession() throws {
        let (config, me) = try identity("""
            auth:
              identities:
                me:
                  kind: aws/user
                  credentials: {access_key_id: AKIDUSER, secret_access_key: s, region: eu-west-1}
                  session: {duration: 1m}
            """)
        let t = ScriptedTransport { _, _ in Fixture.sts("GetSessionToken", id: "ASIAUSER") }
        let r = try XCTUnwrap(UserIdentityProvider(identity: me, context: IdentityFixture.context(config, t)).resolve())
        XCTAssertEqual(r.credentials.accessKeyId, "ASIAUSER")
        XCTAssertEqual(r.source["keys"]?.string, "config")
        XCTAssertEqual(Fixture.signer(t.requests[0]), "AKIDUSER")
        XCTAssertEqual(Fixture.form(t.requests[0])["DurationSeconds"], "900", "clamped to STS's minimum")
    }

    /// The environment's keys are read as the SDK chain reads them: a session with its
    /// AWS_CREDENTIAL_EXPIRATION keeps that expiration (the old second copy dropped it).
    func testEnvironmentSessionKeepsItsExpiration() throws {
        let (config, me) = try identity("auth:\n  identities:\n    me:\n      kind: aws/user\n")
        let t = ScriptedTransport { _, _ in XCTFail("a session is used as given"); return Fixture.json(500, "") }
        let env = ["AWS_ACCESS_KEY_ID": "ASIAENV", "AWS_SECRET_ACCESS_KEY": "s", "AWS_SESSION_TOKEN": "t",
                   "AWS_CREDENTIAL_EXPIRATION": "2026-11-22T12:30:00Z"]
        let r = try XCTUnwrap(UserIdentityProvider(identity: me, context: IdentityFixture.context(config, t, env: env)).resolve())
        XCTAssertEqual(r.credentials.expiration, Timestamp.parse("2026-11-22T12:30:00Z"))
        XCTAssertEqual(r.source["session"]?.string, "from the environment")
        XCTAssertThrowsError(try UserIdentityProvider(identity: me, context: IdentityFixture.context(config, t)).resolve()) { e in
            XCTAssertTrue(Fixture.message(e).contains("no keys: give credentials.access_key_id"), "\(e)")
        }
    }

    func testMFA() throws {
        let (config, me) = try identity("""
            auth:
              identities:
                me:
                  kind: aws/user
                  credentials: {access_key_id: AKIDUSER, secret_access_key: s, mfa_arn: "arn:aws:iam::1:mfa/me"}
            """)
        let t = ScriptedTransport { _, _ in Fixture.sts("GetSessionToken", id: "ASIAUSER") }
        XCTAssertThrowsError(try UserIdentityProvider(identity: me, context: IdentityFixture.context(config, t)).resolve()) { e in
            XCTAssertTrue(Fixture.message(e).hasPrefix("needs an MFA code (arn:aws:iam::1:mfa/me) and this run may not prompt"), "\(e)")
            XCTAssertTrue(Fixture.message(e).hasSuffix("run: ekspipe auth login me --config \(config.path)"), "\(e)")
        }
        let ctx = IdentityFixture.context(config, t, interactive: true)
        ctx.mfaCodes.value["me"] = "654321"
        let r = try XCTUnwrap(UserIdentityProvider(identity: me, context: ctx).resolve())
        XCTAssertEqual(r.source["mfa"]?.string, "arn:aws:iam::1:mfa/me")
        XCTAssertEqual(Fixture.form(t.requests[0])["TokenCode"], "654321", "the code asked before locking, used once")
        XCTAssertTrue(ctx.mfaCodes.value.isEmpty)
    }
}
