import Foundation
import XCTest

/// The creds-resolve flags that answer the flows' questions, so that `ekspipe` never reads JSON:
/// `--session` (everything a session needs in one run), `--progress`, `--no-integrations` and
/// `--list-identities --format names`.
final class CredsResolveSessionTests: FlowTestCase {
    func cr(_ args: [String], env extra: [String: String] = [:]) throws -> Harness.Result {
        try Harness.run(Harness.tool("creds-resolve"), args, env: env(extra), timeout: 120)
    }

    func testSessionNamesMissingEntriesThenPrintsTheEnvironmentAndWritesItsFiles() throws {
        try writeAtmos()
        let args = ["--identity", "dev-admin", "--config", atmosPath, "--session", "env", "--format", "json"]
        let missing = try cr(args)
        XCTAssertEqual(missing.status, 3, missing.stderr)
        XCTAssertEqual(missing.out, "dev/eks/primary dev/eks/stage\n", "the auto-provisioned integrations, in config order")
        XCTAssertFalse(FileManager.default.fileExists(atPath: sessionDir), "nothing written while entries are missing")

        // --skip-missing: a session without a context (no session kubeconfig), the files still listed.
        let skipped = try cr(args + ["--skip-missing"])
        XCTAssertEqual(skipped.status, 0, skipped.stderr)
        let bare = try XCTUnwrap(try JSONSerialization.jsonObject(with: skipped.stdout) as? [String: String])
        XCTAssertEqual(bare["KUBECONFIG"], "\(userKubeconfig):\(ekspipeKubeconfig)")

        try login("dev-admin")
        let r = try cr(args)
        XCTAssertEqual(r.status, 0, r.stderr)
        let e = try XCTUnwrap(try JSONSerialization.jsonObject(with: r.stdout) as? [String: String], r.out)
        XCTAssertEqual(e["KUBECONFIG"], "\(sessionDir)/env-dev-admin:\(userKubeconfig):\(ekspipeKubeconfig)")
        XCTAssertEqual(e["AWS_PROFILE"], "ekspipe-dev-admin")
        XCTAssertEqual(e["EKSPIPE_IDENTITY"], "dev-admin")
        let session = try String(contentsOfFile: sessionDir + "/env-dev-admin", encoding: .utf8)
        XCTAssertTrue(session.hasSuffix("current-context: \"dev-eks\"\n"), session)
        let aws = try XCTUnwrap(e["AWS_CONFIG_FILE"])
        XCTAssertEqual(aws, home.appendingPathComponent(".config/ekspipe/aws/config-dev-admin").path)
        let text = try String(contentsOfFile: aws, encoding: .utf8)
        let me = URL(fileURLWithPath: Harness.tool("creds-resolve")).resolvingSymlinksInPath().path
        XCTAssertTrue(text.contains("credential_process = '\(me)' --identity 'dev-admin' --config '\(atmosPath)' --format credential-process --non-interactive"), text)
        for p in [aws, sessionDir + "/env-dev-admin"] {
            XCTAssertEqual((try FileManager.default.attributesOfItem(atPath: p)[.posixPermissions] as? NSNumber)?.intValue, 0o600, p)
        }

        // exec: named by the process that becomes the command; a gone one's file is removed.
        let host = try Harness.run("/bin/uname", ["-n"]).out.trimmingCharacters(in: .whitespacesAndNewlines)
        let stale = "\(sessionDir)/kubeconfig-\(host)-999999999"
        FileManager.default.createFile(atPath: stale, contents: Data())
        let x = try cr(["--identity", "dev-admin", "--config", atmosPath, "--session", "exec", "--session-pid", "4242"])
        XCTAssertEqual(x.status, 0, x.stderr)
        XCTAssertTrue(x.out.contains("export KUBECONFIG='\(sessionDir)/kubeconfig-"), x.out)
        XCTAssertTrue(x.out.contains("-4242:"), x.out)
        XCTAssertTrue(x.out.contains("unset AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY"), x.out)
        XCTAssertFalse(FileManager.default.fileExists(atPath: stale), "a session whose process is gone is cleaned up")
    }

    func testSessionPathsAreTheToolsOwnEvenWithDotDot() throws {
        // An integration file named through `..` and a relative --config with `..`: the session
        // finds the entries the login wrote (the shell used to compare its own spelling of the
        // path with the tools' and provisioned again on every session).
        try writeAtmos(world.atmos(extraIntegrations: """
                own/eks:
                  kind: aws/eks
                  via:
                    identity: dev-user
                  spec:
                    cluster:
                      name: user-cluster
                      region: us-east-2
                      alias: own-eks
                      kubeconfig:
                        path: ~/kube/../kube/own.yaml
            """))
        try login("dev-user")
        let relative = "../project/atmos.yaml"
        let r = try Harness.run("/bin/sh", ["-c", "cd \"$1\" && exec \"$2\" --identity dev-user --config \"$3\" --session env --format json",
                                             "sh", projectDir.path, Harness.tool("creds-resolve"), relative], env: env(), timeout: 120)
        XCTAssertEqual(r.status, 0, "no entry missing: \(r.out) \(r.stderr)")
        let e = try XCTUnwrap(try JSONSerialization.jsonObject(with: r.stdout) as? [String: String], r.out)
        XCTAssertTrue(e["KUBECONFIG"]?.hasSuffix(":\(home.path)/kube/own.yaml") == true, e["KUBECONFIG"] ?? "")
        let aws = try String(contentsOfFile: try XCTUnwrap(e["AWS_CONFIG_FILE"]), encoding: .utf8)
        XCTAssertTrue(aws.contains("--config '\(atmosPath)'"), aws)

        let x = try ekspipe(["auth", "exec", "--identity", "dev-user", "--config", atmosPath, "--", "true"])
        XCTAssertEqual(x.status, 0, x.stderr)
        XCTAssertFalse(x.stderr.contains("Provisioning"), x.stderr)
    }

    func testSessionFileNamesOfOddIdentitiesCarryThePOSIXChecksum() throws {
        try writeAtmos(world.atmos().replacingOccurrences(of: "    dev-admin:\n", with: "    a/b:\n      kind: aws/ambient\n    dev-admin:\n"))
        let r = try cr(["--identity", "a/b", "--config", atmosPath, "--session", "env", "--format", "dotenv"],
                       env: ["AWS_ACCESS_KEY_ID": world.userKeys.accessKeyId, "AWS_SECRET_ACCESS_KEY": world.userKeys.secretAccessKey])
        XCTAssertEqual(r.status, 0, r.stderr)
        // `printf a/b | cksum` is 3840401949: the names earlier versions (sh) wrote.
        XCTAssertTrue(r.out.contains("AWS_PROFILE='ekspipe-a_b-3840401949'\n"), r.out)
        XCTAssertTrue(r.out.contains("AWS_ACCESS_KEY_ID=''\n"), "cleared, never printed: \(r.out)")
        XCTAssertFalse(r.out.contains(world.userKeys.secretAccessKey))
    }

    func testSessionUsage() throws {
        try writeAtmos()
        for args in [["--session", "env"], ["--identity", "dev-admin", "--session", "later"],
                     ["--identity", "dev-admin", "--session", "env", "--format", "credential-process"],
                     ["--identity", "dev-admin", "--session", "env", "--all-integrations"],
                     ["--identity", "dev-admin", "--skip-missing"], ["--identity", "dev-admin", "--session", "exec", "--session-pid", "x"]] {
            let r = try cr(args + ["--config", atmosPath])
            XCTAssertEqual(r.status, 2, "\(args): \(r.stderr)")
        }
    }

    func testProgressNoIntegrationsAndIdentityNames() throws {
        try writeAtmos()
        let r = try cr(["--identity", "dev-user", "--config", atmosPath, "--progress", "--no-integrations"])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stderr.contains("✓ Authenticated as dev-user (aws/user, until "), r.stderr)
        let envelope = try r.json()
        XCTAssertNil(envelope["clusters"], "no clusters at all")
        XCTAssertEqual(envelope["identity"] as? String, "dev-user")

        let names = try cr(["--list-identities", "--format", "names", "--config", atmosPath])
        XCTAssertEqual(names.status, 0, names.stderr)
        XCTAssertEqual(names.out, "dev-user\ndev-admin\n")
        XCTAssertEqual(try cr(["--list-identities", "--format", "yaml", "--config", atmosPath]).status, 2)
        let both = try cr(["--identity", "dev-user", "--config", atmosPath, "--no-integrations", "--all-integrations"])
        XCTAssertEqual(both.status, 2, both.stderr)
        XCTAssertTrue(both.stderr.hasPrefix("creds-resolve: --all-integrations and --no-integrations are mutually exclusive"), both.stderr)

        let out = try cr(["--identity", "dev-user", "--config", atmosPath, "--logout", "--progress"])
        XCTAssertEqual(out.status, 0, out.stderr)
        XCTAssertTrue(out.stderr.contains("✓ Credentials of dev-user removed from the cache (1 entry)"), out.stderr)
    }
}
