import Foundation
import XCTest

/// creds-resolve --identity with configs and command lines that are wrong: each fails before
/// any request (the endpoint points nowhere), exit 2, one line naming the file, line and key.
final class IdentityConfigTests: IdentityTestCase {
    let nowhere = ["AWS_ENDPOINT_URL": "http://127.0.0.1:1"]

    /// Expects exit 2 with `file:LINE:` and every one of `parts` in the message.
    func assertInvalid(_ yaml: String, identity: String = "x", line: Int, _ parts: [String],
                       file: StaticString = #filePath, lineNo: UInt = #line) throws {
        try writeAtmos(yaml)
        let err = try fail(identityArgs(identity), env: nowhere, status: 2, file: file, line: lineNo)
        XCTAssertTrue(err.contains("\(atmosURL.path):\(line):"), "no \(atmosURL.path):\(line): in \(err)", file: file, line: lineNo)
        for p in parts { XCTAssertTrue(err.contains(p), "no '\(p)' in \(err)", file: file, line: lineNo) }
        XCTAssertEqual(cacheEntries(), [], file: file, line: lineNo)
    }

    func testUnknownIdentityKind() throws {
        try assertInvalid("""
            auth:
              identities:
                x:
                  kind: aws/wizard
            """, line: 4, ["auth.identities.x.kind", "unknown kind (expected one of: aws/permission-set"])
    }

    func testViaNamingNothing() throws {
        try assertInvalid("""
            auth:
              identities:
                x:
                  kind: aws/assume-role
                  via:
                    identity: ghost
                  principal:
                    assume_role: arn:aws:iam::123456789012:role/r
            """, line: 6, ["auth.identities.x.via.identity", "names no identity (known: x)"])
    }

    func testCycle() throws {
        try assertInvalid("""
            auth:
              identities:
                x:
                  kind: aws/assume-role
                  via: {identity: y}
                  principal: {assume_role: "arn:aws:iam::123456789012:role/a"}
                y:
                  kind: aws/assume-role
                  via: {identity: x}
                  principal: {assume_role: "arn:aws:iam::123456789012:role/b"}
            """, line: 5, ["cycle", "x → y → x"])
    }

    func testIntegrationWithoutRegion() throws {
        try assertInvalid("""
            auth:
              identities:
                x: {kind: aws/ambient}
              integrations:
                c:
                  kind: aws/eks
                  via: {identity: x}
                  spec:
                    cluster:
                      name: dev
            """, line: 10, ["auth.integrations.c.spec.cluster", "missing \"region\""])
    }

    func testBadModeAndUpdate() throws {
        try assertInvalid("""
            auth:
              identities:
                x: {kind: aws/ambient}
              integrations:
                c:
                  kind: aws/eks
                  via: {identity: x}
                  spec:
                    cluster:
                      name: dev
                      region: us-east-2
                      kubeconfig:
                        mode: "0999"
            """, line: 13, ["auth.integrations.c.spec.cluster.kubeconfig.mode"])
        try assertInvalid("""
            auth:
              identities:
                x: {kind: aws/ambient}
              integrations:
                c:
                  kind: aws/eks
                  via: {identity: x}
                  spec:
                    cluster: {name: dev, region: us-east-2, kubeconfig: {update: sometimes}}
            """, line: 9, ["kubeconfig.update", "must be merge, replace or error"])
    }

    func testYAMLSyntaxError() throws {
        try writeAtmos("auth:\n  identities:\n    x: [unclosed\n")
        let err = try fail(identityArgs("x"), env: nowhere, status: 2)
        XCTAssertTrue(err.contains(atmosURL.path), err)
    }

    func testUnknownIdentity() throws {
        try writeAtmos("""
            auth:
              identities:
                dev: {kind: aws/ambient}
                prod: {kind: aws/ambient}
            """)
        let err = try fail(identityArgs("stage"), env: nowhere, status: 2)
        XCTAssertTrue(err.contains("no identity 'stage'"), err)
        XCTAssertTrue(err.contains("known: dev, prod"), err)
    }

    func testMissingConfig() throws {
        let err = try fail(["--identity", "dev"], env: nowhere, status: 2)
        XCTAssertTrue(err.contains("no auth config found"), err)
        let named = try fail(["--identity", "dev", "--config", home.appendingPathComponent("none.yaml").path], env: nowhere, status: 2)
        XCTAssertTrue(named.contains("none.yaml: no such auth config file"), named)
    }

    func testUsageErrors() throws {
        try writeAtmos("auth:\n  identities:\n    dev: {kind: aws/ambient}\n")
        for args in [identityArgs("dev", ["--profile", "p"]), ["--config", atmosURL.path], ["--logout"],
                     ["--all-integrations"], identityArgs("dev", ["--provider"]), ["--integration", "a"]] {
            let r = try run(args, env: nowhere)
            XCTAssertEqual(r.status, 2, "\(args): \(r.stderr)")
            XCTAssertEqual(r.out, "")
            XCTAssertTrue(r.stderr.hasPrefix("creds-resolve: "), r.stderr)
        }
    }
}
