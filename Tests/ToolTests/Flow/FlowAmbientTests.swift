import Foundation
import XCTest

/// A session runs as its identity only, and an `aws/ambient` identity is the world the session
/// was started from: with the real aws CLI (botocore's credential chain), kubectl and moto.
final class FlowAmbientTests: FlowTestCase {
    /// `amb` (aws/ambient) with an integration on user-cluster, `on-amb` (a role assumed with
    /// amb's credentials), and the world's dev-user / dev-admin.
    func ambientAtmos() -> String {
        world.atmos(extraIntegrations: """
                amb/eks:
                  kind: aws/eks
                  via:
                    identity: amb
                  spec:
                    cluster:
                      name: user-cluster
                      region: us-east-2
                      alias: amb-eks
            """).replacingOccurrences(of: "  integrations:\n", with: """
                amb:
                  kind: aws/ambient
                  region: us-east-2
                on-amb:
                  kind: aws/assume-role
                  via:
                    identity: amb
                  principal:
                    assume_role: \(world.roleArn)
              integrations:

            """)
    }

    /// The IAM user's long-term keys in the caller's environment: what amb finds.
    var userKeysEnv: [String: String] {
        ["AWS_ACCESS_KEY_ID": world.userKeys.accessKeyId, "AWS_SECRET_ACCESS_KEY": world.userKeys.secretAccessKey]
    }

    func callerArn(_ r: Harness.Result, file: StaticString = #filePath, line: UInt = #line) -> String {
        XCTAssertEqual(r.status, 0, r.stderr, file: file, line: line)
        return ((try? r.json())?["Arn"] as? String) ?? "(no Arn in: \(r.out))"
    }

    /// Before: the session's profile ran creds-resolve for amb, whose ambient chain found that
    /// same profile and ran creds-resolve for amb again, which waited on the lock its parent
    /// held: aws, and eks-presign under kubectl, hung.
    func testAmbientIdentityInsideItsOwnSession() throws {
        try writeAtmos(ambientAtmos())
        let aws = ["aws", "sts", "get-caller-identity", "--output", "json"]
        XCTAssertEqual(callerArn(try sessionExec("amb", aws, env: userKeysEnv)), world.userArn)

        let k = try sessionExec("amb", ["kubectl", "get", "namespaces", "-o", "name"], env: userKeysEnv)
        XCTAssertEqual(k.status, 0, k.stderr)
        XCTAssertTrue(k.out.contains("namespace/default"), k.out)
        XCTAssertEqual(lastDecision("user-cluster")?["arn"] as? String, world.userArn)

        // An identity built on amb, and amb again inside that session: the outermost caller's world.
        XCTAssertTrue(callerArn(try sessionExec("on-amb", aws, env: userKeysEnv)).hasPrefix(world.assumedRoleArnPrefix()))
        let nested = try sessionExec("on-amb", [Self.script, "auth", "exec", "--identity", "amb", "--config", atmosPath, "--"] + aws,
                                     env: userKeysEnv)
        XCTAssertEqual(callerArn(nested), world.userArn)
        assertNoSecrets(k.stderr + nested.stderr + nested.out)
    }

    /// A CI runner's web identity (and stray keys, a container endpoint) in the caller's
    /// environment: botocore reads AWS_ROLE_ARN / AWS_WEB_IDENTITY_TOKEN_FILE before the profile,
    /// so they must not reach the session's child; amb still means that web identity.
    func testSessionStartedUnderWebIdentityRunsAsTheIdentity() throws {
        try writeAtmos(ambientAtmos())
        _ = try? world.moto.createRole(name: "ci-runner")
        let token = home.appendingPathComponent("web-identity-token")
        try "eyJhbGciOiJub25lIn0.eyJzdWIiOiJjaSJ9.".write(to: token, atomically: true, encoding: .utf8)
        let ci = ["AWS_ROLE_ARN": MotoServer.roleArn("ci-runner"), "AWS_WEB_IDENTITY_TOKEN_FILE": token.path,
                  "AWS_ROLE_SESSION_NAME": "ci-job", "AWS_SECURITY_TOKEN": "stale-token",
                  "AWS_CONTAINER_CREDENTIALS_FULL_URI": "http://127.0.0.1:9/creds", "AWS_CONTAINER_AUTHORIZATION_TOKEN": "ci-container-token"]
        let ciArn = "arn:aws:sts::\(MotoServer.accountID):assumed-role/ci-runner/ci-job"
        let runner = ci.merging(["AWS_DEFAULT_REGION": "us-east-2"]) { a, _ in a }
        let aws = ["aws", "sts", "get-caller-identity", "--output", "json"]
        // The variables are live: outside a session, the aws CLI is the runner's role.
        XCTAssertEqual(callerArn(try Harness.run("/usr/bin/env", aws, env: env(runner))), ciArn)

        XCTAssertTrue(callerArn(try sessionExec("dev-admin", aws, env: runner)).hasPrefix(world.assumedRoleArnPrefix()))
        XCTAssertEqual(callerArn(try sessionExec("amb", aws, env: runner)), ciArn, "amb is the caller's web identity")

        let vars = try sessionExec("dev-admin", ["env"], env: runner)
        XCTAssertEqual(vars.status, 0, vars.stderr)
        let names = Set(vars.out.split(separator: "\n").compactMap { $0.split(separator: "=", maxSplits: 1).first.map(String.init) })
        for name in ci.keys { XCTAssertFalse(names.contains(name), "\(name) reached the child") }
        XCTAssertTrue(vars.out.contains("EKSPIPE_AMBIENT_AWS_ROLE_ARN=\(MotoServer.roleArn("ci-runner"))\n"), vars.out)

        // auth env: eval'd in the runner's shell, then the aws CLI is the identity.
        let ex = try ekspipe(["auth", "env", "--identity", "dev-admin", "--config", atmosPath], env: runner)
        XCTAssertEqual(ex.status, 0, ex.stderr)
        XCTAssertFalse(ex.out.contains("ci-container-token"), "a token printed: \(ex.out)")
        let evald = try Harness.run("/bin/sh", ["-c", "eval \"$1\" && exec aws sts get-caller-identity --output json", "sh", ex.out], env: env(runner))
        XCTAssertTrue(callerArn(evald).hasPrefix(world.assumedRoleArnPrefix()))
        let json = try sessionEnv("dev-admin", env: runner)
        XCTAssertEqual(json["AWS_ROLE_ARN"], "", "cleared for the consumer of the JSON")
        XCTAssertEqual(json["AWS_CONTAINER_AUTHORIZATION_TOKEN"], "")
        XCTAssertEqual(json["EKSPIPE_AMBIENT_AWS_ROLE_ARN"], MotoServer.roleArn("ci-runner"))
        XCTAssertNil(json["EKSPIPE_AMBIENT_AWS_CONTAINER_AUTHORIZATION_TOKEN"], "tokens are never printed")
    }
}
