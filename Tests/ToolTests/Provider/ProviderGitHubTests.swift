import Foundation
import XCTest

/// github/oidc + aws/assume-role through creds-resolve: the job's ID token from a local fake of
/// GitHub's token endpoint (scripts/fakes/github_oidc.py), traded at moto's STS with
/// AssumeRoleWithWebIdentity; outside Actions, a clear error.
final class ProviderGitHubTests: IdentityTestCase {
    nonisolated(unsafe) static var moto: MotoServer?
    var github: CredentialFake!
    let requestToken = "ghs_fake-request-token-0001"

    override class func setUp() {
        super.setUp()
        moto = MotoServer.startForClass { m in
            try m.createRole(name: "ci-deploy", trustPolicy: """
                {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Federated":"arn:aws:iam::\(MotoServer.accountID):oidc-provider/token.actions.githubusercontent.com"},"Action":"sts:AssumeRoleWithWebIdentity"}]}
                """)
        }
    }

    override class func tearDown() {
        moto?.stop()
        moto = nil
        super.tearDown()
    }

    override func setUpWithError() throws {
        try super.setUpWithError()
        github = try CredentialFake.start("github_oidc.py", ["--request-token", requestToken])
    }

    override func tearDownWithError() throws {
        github?.stop()
        try super.tearDownWithError()
    }

    var moto: MotoServer { Self.moto! }
    var actionsEnv: [String: String] {
        ["ACTIONS_ID_TOKEN_REQUEST_URL": github.url + "/token?api-version=2.0", "ACTIONS_ID_TOKEN_REQUEST_TOKEN": requestToken,
         "AWS_ENDPOINT_URL": moto.endpoint]
    }

    func writeGitHubConfig(audience: String? = nil) throws {
        try writeAtmos("""
            auth:
              providers:
                github:
                  kind: github/oidc
                  region: us-east-1
            \(audience.map { "      spec:\n        audience: \($0)" } ?? "")
              identities:
                ci:
                  kind: aws/assume-role
                  via:
                    provider: github
                  principal:
                    assume_role: arn:aws:iam::\(MotoServer.accountID):role/ci-deploy
                  region: eu-central-1
            """)
    }

    /// The audiences creds-resolve asked GitHub's endpoint for (the fake puts each in the
    /// token's `aud` claim).
    func askedAudiences() -> [String] { github.requests().compactMap { $0["audience"] as? String } }

    func testWebIdentityFromTheJobToken() throws {
        try writeGitHubConfig()
        let doc = try resolve(identityArgs("ci", ["--non-interactive"]), env: actionsEnv)
        let keys = try XCTUnwrap(Self.credentials(doc))
        XCTAssertNotNil(keys.sessionToken)
        XCTAssertEqual(try moto.callerArn(keys: keys), "arn:aws:sts::\(MotoServer.accountID):assumed-role/ci-deploy/ekspipe-ci")
        let source = try XCTUnwrap(doc["source"] as? [String: Any])
        XCTAssertEqual(source["kind"] as? String, "aws/assume-role")
        XCTAssertEqual(source["provider"] as? String, "github")
        XCTAssertEqual(source["webIdentity"] as? String, "github/oidc")
        XCTAssertEqual(doc["region"] as? String, "eu-central-1")
        XCTAssertEqual(askedAudiences(), ["sts.amazonaws.com"], "the default audience")
        XCTAssertEqual(github.requests().first?["authorized"] as? Bool, true)
        XCTAssertEqual(github.requests().first?["apiVersion"] as? String, "2.0", "the URL's own query is kept")
        // Cached like any identity: the next run asks neither GitHub nor STS.
        let again = try resolve(identityArgs("ci"), env: ["AWS_ENDPOINT_URL": "http://127.0.0.1:1"])
        XCTAssertEqual(Self.credentials(again), keys)
        XCTAssertEqual(github.requests().count, 1)
    }

    func testConfiguredAudience() throws {
        try writeGitHubConfig(audience: "api://AWSTokenExchange")
        _ = try resolve(identityArgs("ci"), env: actionsEnv)
        XCTAssertEqual(askedAudiences(), ["api://AWSTokenExchange"])
    }

    func testOutsideActionsIsAClearError() throws {
        try writeGitHubConfig()
        let err = try fail(identityArgs("ci"), env: ["AWS_ENDPOINT_URL": moto.endpoint], status: 1)
        XCTAssertTrue(err.contains("github/oidc"), err)
        XCTAssertTrue(err.contains("ACTIONS_ID_TOKEN_REQUEST_URL"), err)
        XCTAssertTrue(err.contains("id-token: write"), err)
        XCTAssertEqual(github.requests().count, 0)
    }

    func testRefusedRequestTokenNeverLeaks() throws {
        try writeGitHubConfig()
        var env = actionsEnv
        env["ACTIONS_ID_TOKEN_REQUEST_TOKEN"] = "ghs_wrong-token-9999"
        let err = try fail(identityArgs("ci"), env: env, status: 1)
        XCTAssertTrue(err.contains("GitHub OIDC"), err)
        XCTAssertFalse(err.contains("ghs_wrong-token-9999"), err)
        XCTAssertEqual(github.requests().first?["authorized"] as? Bool, false)
        XCTAssertEqual(cacheEntries(), [])
    }

    func testAssumeRoleViaAnSSOProviderIsRefused() throws {
        try writeAtmos("""
            auth:
              providers:
                sso:
                  kind: aws/iam-identity-center
                  region: us-east-1
                  start_url: https://example.awsapps.com/start
              identities:
                x:
                  kind: aws/assume-role
                  via: {provider: sso}
                  principal: {assume_role: "arn:aws:iam::123456789012:role/r"}
            """)
        let err = try fail(identityArgs("x"), env: ["AWS_ENDPOINT_URL": "http://127.0.0.1:1"], status: 2)
        XCTAssertTrue(err.contains("aws/permission-set"), err)
    }
}
