import Foundation
import XCTest

/// `ekspipe auth validate`: every problem of the config in one run, each as FILE:LINE:COLUMN:
/// and its key path, exit 2; a valid config gets one ✓ line and exit 0. The other commands read
/// the same config with the same checks and stop at the first problem. No value of the file
/// (a secret key) is repeated.
final class FlowAuthValidateTests: FlowTestCase {
    override class var needsWorld: Bool { false }

    static let secret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYSECRETKEY"

    /// Eleven problems of ten kinds (line numbers in the comments).
    static let broken = """
        auth:
          providers:
            sso:
              kind: aws/iam-identity-center
              region: us-east-1
              start_url: http://insecure.example/start
          identites: {}
          identities:
            base:
              kind: aws/user
              credentials:
                access_key_id: AKIAIOSFODNN7EXAMPLE
                secret_access_key: \(secret)
                mfa_ar: arn:aws:iam::123456789012:mfa/me
              region: moon-1
            admin:
              kind: aws/assume-role
              default: please
              via: {identity: bsae}
              principal: {assume_role: "arn:aws:iam::123456789012:role/admin"}
            a:
              kind: aws/assume-role
              via: {identity: b}
              principal: {assume_role: "not-a-role"}
            b:
              kind: aws/assume-role
              via: {identity: a}
              principal: {assume_role: "arn:aws:iam::123456789012:role/b"}
            ps:
              kind: aws/permission-set
              via: {provider: ssoo}
              principal: {name: Admin, account: dev}
          integrations:
            dev:
              kind: aws/eks
              via: {identity: nobody}
              spec:
                auto_provision: maybe
                cluster: {name: dev, region: us-east-2}
        """

    /// (line:column, key path, what the line says), in file order.
    static let expected: [(String, String, String)] = [
        ("6:18", "auth.providers.sso.start_url", "must be an https:// URL"),
        ("7:3", "auth.identites", "unknown key; did you mean `identities`?"),
        ("14:9", "auth.identities.base.credentials.mfa_ar", "unknown key; did you mean `mfa_arn`?"),
        ("15:15", "auth.identities.base.region", "not an AWS region name"),
        ("18:16", "auth.identities.admin.default", "expected true or false"),
        ("19:23", "auth.identities.admin.via.identity", "names no identity (did you mean base?"),
        ("23:12", "auth.identities.a.via", "identities form a cycle: a → b → a"),
        ("24:32", "auth.identities.a.principal.assume_role", "not an IAM role ARN"),
        ("31:23", "auth.identities.ps.via.provider", "names no provider (did you mean sso?"),
        ("36:23", "auth.integrations.dev.via.identity", "names no identity"),
        ("38:25", "auth.integrations.dev.spec.auto_provision", "expected true or false"),
    ]

    func testEveryProblemAtOnceWithItsPlace() throws {
        try writeAtmos(Self.broken)
        let r = try ekspipe(["auth", "validate", "--config", atmosPath])
        XCTAssertEqual(r.status, 2, r.stderr)
        XCTAssertEqual(r.out, "")
        let lines = r.stderr.split(separator: "\n").map(String.init)
        XCTAssertEqual(lines.count, Self.expected.count + 1, r.stderr)
        for (line, (place, path, what)) in zip(lines, Self.expected) {
            XCTAssertTrue(line.hasPrefix("\(atmosPath):\(place): \(path): \(what)"), "expected \(place) \(path): \(what)\ngot: \(line)")
        }
        XCTAssertEqual(lines.last, "✗ config \(atmosPath): \(Self.expected.count) problems")
        XCTAssertFalse(r.stderr.contains(Self.secret), "no value of the file is repeated")
        XCTAssertFalse(r.stderr.contains("moon-1"), r.stderr)

        // Every other command reads with the same checks, and stops at the first.
        for args in [["auth", "list"], ["auth", "login", "admin"], ["auth", "whoami", "-i", "admin"]] {
            let strict = try ekspipe(args + ["--config", atmosPath])
            XCTAssertEqual(strict.status, 2, "\(args): \(strict.stderr)")
            XCTAssertTrue(strict.stderr.contains("\(atmosPath):7:3: auth.identites: unknown key"), strict.stderr)
            XCTAssertFalse(strict.stderr.contains("start_url") || strict.stderr.contains("mfa_ar"), "\(args) stops at the first: \(strict.stderr)")
            XCTAssertFalse(strict.stderr.contains(Self.secret))
        }
        // The tool itself: the same lines, and a JSON summary on stdout.
        let tool = try Harness.run(Harness.tool("creds-resolve"), ["--validate", "--config", atmosPath], env: env())
        XCTAssertEqual(tool.status, 2)
        let doc = try tool.json()
        XCTAssertEqual(doc["valid"] as? Bool, false)
        XCTAssertEqual((doc["problems"] as? [String])?.count, Self.expected.count)
    }

    func testValidConfig() throws {
        try writeAtmos("""
            auth:
              providers:
                sso: {kind: aws/iam-identity-center, region: us-east-1, start_url: "https://x.awsapps.com/start"}
              identities:
                ps:
                  kind: aws/permission-set
                  default: true
                  via: {provider: sso}
                  principal: {name: Admin, account: {id: "123456789012"}}
                admin:
                  kind: aws/assume-role
                  via: {identity: ps}
                  principal: {assume_role: "arn:aws:iam::123456789012:role/admin"}
              integrations:
                dev/eks:
                  kind: aws/eks
                  via: {identity: admin}
                  spec: {cluster: {name: dev, region: us-east-2}}
            """)
        let r = try ekspipe(["auth", "validate", "--config", atmosPath])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertEqual(r.stderr, "✓ config \(atmosPath): 1 provider, 2 identities, 1 integration\n")
        XCTAssertEqual(r.out, "")
        // Found as every command finds it (./atmos.yaml), no flag.
        let here = try Harness.run("/bin/sh", ["-c", "cd \"$1\" && exec \"$2\" auth validate", "sh", projectDir.path, Self.script], env: env())
        XCTAssertEqual(here.status, 0, here.stderr)
        XCTAssertTrue(here.stderr.hasPrefix("✓ config "), here.stderr)

        let missing = try ekspipe(["auth", "validate", "--config", projectDir.appendingPathComponent("nope.yaml").path])
        XCTAssertEqual(missing.status, 2)
        XCTAssertTrue(missing.stderr.contains("nope.yaml: no such auth config file"), missing.stderr)
        let syntax = try ekspipe(["auth", "validate", "--config", writeFile("bad.yaml", "auth:\n  identities: [\n")])
        XCTAssertEqual(syntax.status, 2)
        XCTAssertTrue(syntax.stderr.contains("bad.yaml:"), syntax.stderr)
        XCTAssertTrue(syntax.stderr.hasSuffix("1 problem\n"), syntax.stderr)
        let extra = try ekspipe(["auth", "validate", "-i", "ps", "--config", atmosPath])
        XCTAssertEqual(extra.status, 2)
        XCTAssertTrue(extra.stderr.contains("takes no --identity"), extra.stderr)
    }

    func writeFile(_ name: String, _ text: String) throws -> String {
        let path = projectDir.appendingPathComponent(name).path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }
}
