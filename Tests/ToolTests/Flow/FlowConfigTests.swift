import Foundation
import XCTest

/// Bad input through `ekspipe`: every kind of invalid auth config is refused by `auth login`
/// with exit 2 and a message naming the key, before any request and without writing anything;
/// bad command lines are usage errors; a missing tool is named.
final class FlowConfigTests: FlowTestCase {
    override class var needsWorld: Bool { false }

    /// (what is wrong, the config's auth: section, text the message must contain: the key path
    /// and what is expected there, not the value found)
    static let invalid: [(String, String, [String])] = [
        ("unknown identity kind", """
            identities:
              me:
                kind: aws/root-user
            """, ["auth.identities.me.kind", "unknown kind (expected one of"]),
        ("unknown provider kind", """
            providers:
              corp:
                kind: okta/saml
            identities:
              me:
                kind: aws/ambient
            """, ["auth.providers.corp.kind", "unknown kind (expected one of"]),
        ("unknown integration kind", """
            identities:
              me:
                kind: aws/ambient
            integrations:
              reg:
                kind: aws/ecr
                via:
                  identity: me
            """, ["auth.integrations.reg.kind", "unknown kind (expected one of: aws/eks)"]),
        ("via naming no identity", """
            identities:
              me:
                kind: aws/assume-role
                via:
                  identity: nobody
                principal:
                  assume_role: arn:aws:iam::123456789012:role/r
            """, ["auth.identities.me.via.identity", "names no identity"]),
        ("via naming no provider", """
            identities:
              me:
                kind: aws/permission-set
                via:
                  provider: nowhere
                principal:
                  name: Admin
                  account: dev
            """, ["auth.identities.me.via.provider", "names no provider"]),
        ("identities in a cycle", """
            identities:
              me:
                kind: aws/assume-role
                via:
                  identity: you
                principal:
                  assume_role: arn:aws:iam::123456789012:role/a
              you:
                kind: aws/assume-role
                via:
                  identity: me
                principal:
                  assume_role: arn:aws:iam::123456789012:role/b
            """, ["cycle", "auth.identities.me.via"]),
        ("integration via no identity", """
            identities:
              me:
                kind: aws/ambient
            integrations:
              dev/eks:
                kind: aws/eks
                via:
                  identity: ghost
                spec:
                  cluster:
                    name: c
                    region: us-east-2
            """, ["auth.integrations.dev/eks.via.identity", "names no identity"]),
        ("cluster without a name", """
            identities:
              me:
                kind: aws/ambient
            integrations:
              dev/eks:
                kind: aws/eks
                via:
                  identity: me
                spec:
                  cluster:
                    region: us-east-2
            """, ["auth.integrations.dev/eks.spec.cluster", "name"]),
        ("cluster without a region", """
            identities:
              me:
                kind: aws/ambient
            integrations:
              dev/eks:
                kind: aws/eks
                via:
                  identity: me
                spec:
                  cluster:
                    name: c
            """, ["auth.integrations.dev/eks.spec.cluster", "region"]),
        ("a bad kubeconfig mode", """
            identities:
              me:
                kind: aws/ambient
            integrations:
              dev/eks:
                kind: aws/eks
                via:
                  identity: me
                spec:
                  cluster:
                    name: c
                    region: us-east-2
                    kubeconfig:
                      mode: rw-------
            """, ["auth.integrations.dev/eks.spec.cluster.kubeconfig.mode", "not an octal file mode"]),
        ("a bad update value", """
            identities:
              me:
                kind: aws/ambient
            integrations:
              dev/eks:
                kind: aws/eks
                via:
                  identity: me
                spec:
                  cluster:
                    name: c
                    region: us-east-2
                    kubeconfig:
                      update: overwrite
            """, ["auth.integrations.dev/eks.spec.cluster.kubeconfig.update", "must be merge, replace or error"]),
        ("a bad region", """
            identities:
              me:
                kind: aws/ambient
            integrations:
              dev/eks:
                kind: aws/eks
                via:
                  identity: me
                spec:
                  cluster:
                    name: c
                    region: Ohio
            """, ["auth.integrations.dev/eks.spec.cluster.region", "not an AWS region name"]),
    ]

    func testInvalidConfigsAreRefusedNamingTheKey() throws {
        for (what, section, expected) in Self.invalid {
            let indented = section.split(separator: "\n", omittingEmptySubsequences: false).map { "  " + $0 }.joined(separator: "\n")
            try writeAtmos("auth:\n" + indented + "\n")
            let r = try ekspipe(["auth", "login", "me", "--config", atmosPath])
            XCTAssertEqual(r.status, 2, "\(what): \(r.stderr)")
            for text in expected {
                XCTAssertTrue(r.stderr.contains(text), "\(what): the message names \(text): \(r.stderr)")
            }
            XCTAssertTrue(r.stderr.contains(atmosPath), "\(what): the message names the file: \(r.stderr)")
            XCTAssertEqual(r.out, "")
            XCTAssertFalse(FileManager.default.fileExists(atPath: home.appendingPathComponent(".config/ekspipe").path),
                           "\(what): nothing written")
        }
    }

    func testUnknownIdentityAndMissingConfig() throws {
        try writeAtmos("auth:\n  identities:\n    me:\n      kind: aws/ambient\n")
        let r = try ekspipe(["auth", "login", "you", "--config", atmosPath])
        XCTAssertEqual(r.status, 2, r.stderr)
        XCTAssertTrue(r.stderr.contains("no identity 'you'"), r.stderr)
        let missing = try ekspipe(["auth", "login", "me", "--config", home.appendingPathComponent("nope.yaml").path])
        XCTAssertEqual(missing.status, 2, missing.stderr)
        XCTAssertTrue(missing.stderr.contains("nope.yaml"), missing.stderr)
    }

    func testConfigDiscoveryFromEnvironment() throws {
        try writeAtmos("auth:\n  identities:\n    me:\n      kind: aws/root-user\n")
        let r = try ekspipe(["auth", "login", "me"], env: ["EKSPIPE_CONFIG": atmosPath])
        XCTAssertEqual(r.status, 2, r.stderr)
        XCTAssertTrue(r.stderr.contains(atmosPath) && r.stderr.contains("auth.identities.me.kind: unknown kind"), r.stderr)
    }

    func testUsageErrors() throws {
        // No identity named: the default one is asked of the config, and there is none here.
        for args in [["auth", "login"], ["auth", "logout"]] {
            let r = try ekspipe(args)
            XCTAssertEqual(r.status, 2, "\(args): \(r.stderr)")
            XCTAssertTrue(r.stderr.contains("no auth config found"), "\(args): \(r.stderr)")
            XCTAssertEqual(r.out, "", "\(args)")
        }
        for args in [["auth", "exec", "--identity", "me"],
                     ["auth", "logout", "--all", "--identity", "me"], ["auth", "env", "--identity", "me", "--format", "xml"],
                     ["auth", "nope"], ["aws", "eks", "update-kubeconfig"], ["aws", "eks", "update-kubeconfig", "--name", "c", "-i", "me", "--profile", "p"],
                     ["aws", "eks", "update-kubeconfig", "--integration", "i", "--name", "c"], ["frobnicate"], []] {
            let r = try ekspipe(args)
            XCTAssertEqual(r.status, 2, "\(args): \(r.stderr)")
            XCTAssertTrue(r.stderr.hasPrefix("ekspipe: ") || r.stderr.hasPrefix("Usage:"), "\(args): \(r.stderr)")
            XCTAssertEqual(r.out, "", "\(args)")
        }
    }

    func testHelpForEveryCommand() throws {
        for args in [["--help"], ["auth", "login", "--help"], ["auth", "exec", "--help"], ["auth", "shell", "--help"],
                     ["auth", "env", "--help"], ["auth", "logout", "--help"], ["aws", "eks", "update-kubeconfig", "--help"],
                     ["aws", "eks", "token", "--help"]] {
            let r = try ekspipe(args)
            XCTAssertEqual(r.status, 0, "\(args): \(r.stderr)")
            XCTAssertTrue(r.out.hasPrefix("Usage: ekspipe"), "\(args): \(r.out)")
        }
        let v = try ekspipe(["version"])
        XCTAssertEqual(v.status, 0)
        XCTAssertTrue(v.out.hasPrefix("ekspipe "), v.out)
    }

    func testAMissingToolIsNamed() throws {
        // A copy of the scripts, laid out as installed (bin/ekspipe, libexec/ekspipe/), with no
        // tools next to them, no build dirs, none on PATH.
        let dir = home.appendingPathComponent("lonely/bin")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let copy = dir.appendingPathComponent("ekspipe").path
        try FileManager.default.copyItem(atPath: Self.script, toPath: copy)
        let libexec = home.appendingPathComponent("lonely/libexec")
        try FileManager.default.createDirectory(at: libexec, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: Harness.packageRoot.appendingPathComponent("scripts/libexec").path,
                                         toPath: libexec.appendingPathComponent("ekspipe").path)
        try writeAtmos("auth:\n  identities:\n    me:\n      kind: aws/ambient\n")
        var e = env(["PATH": "/usr/bin:/bin"])
        e.removeValue(forKey: "EKSPIPE_BIN_DIR")
        let r = try Harness.run(copy, ["auth", "login", "me", "--config", atmosPath], env: e)
        XCTAssertEqual(r.status, 1, r.stderr)
        XCTAssertTrue(r.stderr.contains("cannot find creds-resolve"), r.stderr)
    }
}
