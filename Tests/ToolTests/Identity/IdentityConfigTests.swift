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

    /// A misspelled key is refused before any request, with where it is and what was meant:
    /// ignored, `mfa_ar` would sign in without MFA and `extrnal_id` would assume the role without it.
    func testMisspelledKeys() throws {
        let user = "auth:\n  identities:\n    x:\n      kind: aws/user\n"
        let role = "auth:\n  identities:\n    b: {kind: aws/ambient}\n    x:\n      kind: aws/assume-role\n      via: {identity: b}\n"
            + "      principal:\n        assume_role: arn:aws:iam::123456789012:role/r\n"
        let cases: [(String, Int, [String])] = [
            (user + "      credentials:\n        access_key_id: AKIA1\n        secret_access_key: s\n        mfa_ar: arn:aws:iam::1:mfa/x\n", 8,
             [":8:9: auth.identities.x.credentials.mfa_ar: unknown key; did you mean `mfa_arn`?"]),
            (user + "      mfa_arn: arn:aws:iam::1:mfa/x\n", 5, [":5:7: auth.identities.x.mfa_arn: unknown key here; it belongs under `credentials:`"]),
            (role + "        extrnal_id: e\n", 9, [":9:9: auth.identities.x.principal.extrnal_id: unknown key; did you mean `external_id`?"]),
            (role + "        session_nmae: me\n", 9, ["principal.session_nmae: unknown key; did you mean `session_name`?"]),
            (role + "      defualt: true\n", 9, ["auth.identities.x.defualt: unknown key; did you mean `default`?"]),
            (role.replacingOccurrences(of: "via: {identity: b}", with: "via: {identiy: b}"), 6, ["auth.identities.x.via.identiy: unknown key; did you mean `identity`?"]),
            ("auth:\n  providers:\n    p:\n      kind: github/oidc\n      provder: x\n  identities:\n    x: {kind: aws/ambient}\n", 5,
             ["auth.providers.p.provder: unknown key"]),
        ]
        for (yaml, line, parts) in cases { try assertInvalid(yaml, line: line, parts) }
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
