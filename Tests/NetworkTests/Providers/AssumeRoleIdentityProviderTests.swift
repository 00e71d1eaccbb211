import Common
import Foundation
import XCTest
@testable import Network

/// aws/assume-role via an identity (a base provider handed in by the composer) and via a
/// github/oidc provider.
final class AssumeRoleIdentityProviderTests: XCTestCase {
    let yaml = """
        auth:
          providers:
            gh:
              kind: github/oidc
              region: us-east-1
              spec: {audience: my-aud}
            sso:
              kind: aws/iam-identity-center
              region: us-east-1
              start_url: https://x.awsapps.com/start
          identities:
            base:
              kind: aws/user
              credentials: {access_key_id: AKIDUSER, secret_access_key: s}
            admin:
              kind: aws/assume-role
              via: {identity: base}
              principal: {assume_role: "arn:aws:iam::1:role/admin", external_id: ext-1}
              session: {duration: 99h}
            ci:
              kind: aws/assume-role
              via: {provider: gh}
              principal: {assume_role: "arn:aws:iam::1:role/ci"}
            wrong:
              kind: aws/assume-role
              via: {provider: sso}
              principal: {assume_role: "arn:aws:iam::1:role/w"}
        """

    func testAssumedWithTheBaseCredentials() throws {
        let config = try IdentityFixture.config(self, yaml)
        let t = ScriptedTransport { _, _ in Fixture.sts("AssumeRole", id: "ASIAADMIN", arn: "arn:aws:sts::1:assumed-role/admin/ekspipe-admin") }
        let base = ClosureProvider {
            ResolvedCredentials(credentials: Fixture.base, source: ["kind": "aws/user"], notices: [.warning("from the base")])
        }
        let p = AssumeRoleIdentityProvider(identity: try config.identity("admin"), roleArn: "arn:aws:iam::1:role/admin", base: base,
                                           context: IdentityFixture.context(config, t))
        let r = try XCTUnwrap(p.resolve())
        XCTAssertEqual(r.credentials.accessKeyId, "ASIAADMIN")
        XCTAssertEqual(Fixture.signer(t.requests[0]), "AKIDBASE")
        let form = Fixture.form(t.requests[0])
        XCTAssertEqual(form["RoleSessionName"], "ekspipe-admin")
        XCTAssertEqual(form["ExternalId"], "ext-1")
        XCTAssertEqual(form["DurationSeconds"], "43200", "clamped to AssumeRole's maximum")
        XCTAssertEqual(r.source["assumedRoleArn"]?.string, "arn:aws:sts::1:assumed-role/admin/ekspipe-admin")
        XCTAssertEqual(r.source["via"]?["kind"]?.string, "aws/user")
        XCTAssertEqual(r.notices, [.warning("from the base")], "the base's notices travel up")
    }

    func testGitHubOIDC() throws {
        let config = try IdentityFixture.config(self, yaml)
        let t = ScriptedTransport { r, _ in
            r.method == "GET" ? Fixture.json(200, #"{"value":"gh-jwt"}"#) : Fixture.sts("AssumeRoleWithWebIdentity", id: "ASIACI")
        }
        let env = ["ACTIONS_ID_TOKEN_REQUEST_URL": "http://127.0.0.1:1/token?x=1", "ACTIONS_ID_TOKEN_REQUEST_TOKEN": "runner"]
        let p = GitHubOIDCIdentityProvider(identity: try config.identity("ci"), roleArn: "arn:aws:iam::1:role/ci", providerName: "gh",
                                           context: IdentityFixture.context(config, t, env: env))
        let r = try XCTUnwrap(p.resolve())
        XCTAssertEqual(r.credentials.accessKeyId, "ASIACI")
        XCTAssertEqual(t.requests[0].url, "http://127.0.0.1:1/token?x=1&audience=my-aud")
        XCTAssertEqual(t.requests[0].header("Authorization"), "bearer runner")
        XCTAssertEqual(Fixture.form(t.requests[1])["WebIdentityToken"], "gh-jwt")
        XCTAssertEqual(r.source["webIdentity"]?.string, "github/oidc")
    }

    func testGitHubOIDCRefusals() throws {
        let config = try IdentityFixture.config(self, yaml)
        let t = ScriptedTransport { _, _ in XCTFail("no request"); return Fixture.json(500, "") }
        let outside = GitHubOIDCIdentityProvider(identity: try config.identity("ci"), roleArn: "arn:aws:iam::1:role/ci", providerName: "gh",
                                                 context: IdentityFixture.context(config, t))
        XCTAssertThrowsError(try outside.resolve()) { e in XCTAssertTrue(Fixture.message(e).contains("works only inside a GitHub Actions job"), "\(e)") }
        let wrong = GitHubOIDCIdentityProvider(identity: try config.identity("wrong"), roleArn: "arn:aws:iam::1:role/w", providerName: "sso",
                                               context: IdentityFixture.context(config, t))
        XCTAssertThrowsError(try wrong.resolve()) { e in XCTAssertTrue(Fixture.message(e).contains("use an aws/permission-set identity"), "\(e)") }
    }
}
