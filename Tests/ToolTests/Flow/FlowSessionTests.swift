import Foundation
import XCTest

/// `ekspipe auth exec / shell / env / logout`: the session environment (KUBECONFIG composed with
/// the user's own list, an AWS profile whose credential_process is creds-resolve), provisioning
/// of missing entries, and logout of one identity leaving another's entries.
final class FlowSessionTests: FlowTestCase {
    func testKubeconfigWithoutAUserList() throws {
        try writeAtmos()
        let e = try sessionEnv("dev-admin")
        let list = splitSessionList(e["KUBECONFIG"])
        XCTAssertEqual(list.session, sessionDir + "/env-dev-admin")
        XCTAssertEqual(list.rest, "\(userKubeconfig):\(ekspipeKubeconfig)", "then ~/.kube/config, then ekspipe's")
        XCTAssertEqual(e["AWS_PROFILE"], "ekspipe-dev-admin")
        XCTAssertEqual(e["EKSPIPE_IDENTITY"], "dev-admin")
        XCTAssertEqual(try contexts(ekspipeKubeconfig), ["dev-eks", "stage-eks"], "env logs in and provisions first")

        // exec gives the command the same list.
        let x = try ekspipe(["auth", "exec", "--identity", "dev-admin", "--config", atmosPath, "--",
                             "sh", "-c", "printf '%s' \"$KUBECONFIG\""])
        XCTAssertEqual(x.status, 0, x.stderr)
        XCTAssertEqual(splitSessionList(x.out).rest, list.rest)
        XCTAssertTrue(splitSessionList(x.out).session.hasPrefix(sessionDir + "/kubeconfig-"), x.out)
    }

    func testKubeconfigAppendsToTheUserList() throws {
        try writeAtmos()
        let a = home.appendingPathComponent("a.yaml").path, b = home.appendingPathComponent("b.yaml").path
        let user = [a, b, a, ekspipeKubeconfig, ""].joined(separator: ":")
        let e = try sessionEnv("dev-admin", env: ["KUBECONFIG": user])
        XCTAssertEqual(splitSessionList(e["KUBECONFIG"]).rest, [a, b, ekspipeKubeconfig].joined(separator: ":"), "de-duplicated, order kept")

        // The export format is what `eval` takes; the list survives a round trip through sh.
        let ex = try ekspipe(["auth", "env", "--identity", "dev-admin", "--config", atmosPath], env: ["KUBECONFIG": user])
        XCTAssertEqual(ex.status, 0, ex.stderr)
        XCTAssertTrue(ex.out.contains("unset AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY AWS_SESSION_TOKEN"), ex.out)
        let evald = try Harness.run("/bin/sh", ["-c", "eval \"$1\" && printf '%s|%s' \"$KUBECONFIG\" \"${AWS_ACCESS_KEY_ID-unset}\"", "sh", ex.out],
                                    env: ["AWS_ACCESS_KEY_ID": "AKIASTALE"])
        XCTAssertEqual(evald.out, [sessionDir + "/env-dev-admin", a, b, ekspipeKubeconfig].joined(separator: ":") + "|unset")
        let dotenv = try ekspipe(["auth", "env", "--identity", "dev-admin", "--config", atmosPath, "--format", "dotenv"])
        XCTAssertTrue(dotenv.out.contains("AWS_PROFILE='ekspipe-dev-admin'\n"), dotenv.out)

        // kubectl inside exec sees the user's contexts and ekspipe's together.
        let userConfig = """
            apiVersion: v1
            kind: Config
            clusters: [{name: mine, cluster: {server: "https://127.0.0.1:1"}}]
            users: [{name: mine, user: {token: not-a-secret}}]
            contexts: [{name: my-own, context: {cluster: mine, user: mine}}]
            current-context: my-own
            """
        try userConfig.write(toFile: a, atomically: true, encoding: .utf8)
        let x = try ekspipe(["auth", "exec", "--identity", "dev-admin", "--config", atmosPath, "--",
                             "kubectl", "config", "get-contexts", "-o", "name"], env: ["KUBECONFIG": a])
        XCTAssertEqual(x.status, 0, x.stderr)
        XCTAssertEqual(x.out.split(separator: "\n").sorted(), ["dev-eks", "my-own", "stage-eks"])
        let ns = try ekspipe(["auth", "exec", "--identity", "dev-admin", "--config", atmosPath, "--",
                              "kubectl", "--context", "stage-eks", "get", "namespaces", "-o", "name"], env: ["KUBECONFIG": a])
        XCTAssertEqual(ns.status, 0, ns.stderr)
        XCTAssertTrue(ns.out.contains("namespace/kube-system"), ns.out)
        XCTAssertEqual(try String(contentsOfFile: a, encoding: .utf8), userConfig, "the user's file is untouched")
    }

    func testPathsWithSpacesQuotesAndBackslashes() throws {
        // The config and ekspipe's files under directories no shell quoting may break.
        let odd = home.appendingPathComponent("it's a \\ \"dir\"")
        let config = odd.appendingPathComponent("atmos.yaml").path
        try FileManager.default.createDirectory(at: odd, withIntermediateDirectories: true)
        try world.atmos().write(toFile: config, atomically: true, encoding: .utf8)
        let xdg = odd.appendingPathComponent("config home").path
        let extra = ["XDG_CONFIG_HOME": xdg]
        let login = try ekspipe(["auth", "login", "dev-admin", "--config", config], env: extra)
        XCTAssertEqual(login.status, 0, login.stderr)
        let kube = xdg + "/ekspipe/kube/config"
        XCTAssertEqual(try contexts(kube), ["dev-eks", "stage-eks"])

        let e = try ekspipe(["auth", "env", "--identity", "dev-admin", "--config", config, "--format", "json"], env: extra)
        XCTAssertEqual(e.status, 0, e.stderr)
        let vars = try XCTUnwrap(try JSONSerialization.jsonObject(with: e.stdout) as? [String: String], e.out)
        XCTAssertEqual(splitSessionList(vars["KUBECONFIG"]).rest, "\(userKubeconfig):\(kube)")
        XCTAssertEqual(vars["AWS_CONFIG_FILE"], xdg + "/ekspipe/aws/config-dev-admin")

        let x = try ekspipe(["auth", "exec", "--identity", "dev-admin", "--config", config, "--",
                             "aws", "sts", "get-caller-identity", "--output", "json"], env: extra)
        XCTAssertEqual(x.status, 0, x.stderr)
        XCTAssertTrue((try x.json()["Arn"] as? String ?? "").hasPrefix(world.assumedRoleArnPrefix()), x.out)
        let k = try ekspipe(["auth", "exec", "--identity", "dev-admin", "--config", config, "--",
                             "kubectl", "--context", "dev-eks", "get", "namespaces", "-o", "name"], env: extra)
        XCTAssertEqual(k.status, 0, k.stderr)
        XCTAssertFalse(k.stderr.contains("Provisioning"), "the entries were found: \(k.stderr)")

        let out = try ekspipe(["auth", "logout", "--identity", "dev-admin", "--config", config], env: extra)
        XCTAssertEqual(out.status, 0, out.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: kube), out.stderr)
    }

    func testAFailedWriteToStdoutIsAnError() throws {
        try writeAtmos()
        let r = try Harness.run(Self.script, ["auth", "env", "--identity", "dev-user", "--config", atmosPath],
                                env: env(), stdoutPath: "/dev/full")
        XCTAssertEqual(r.status, 1, r.stderr)
        XCTAssertTrue(r.stderr.contains("ekspipe: cannot write to stdout"), r.stderr)
    }

    func testAWSCLIInsideExecUsesTheIdentity() throws {
        try writeAtmos()
        // Keys in the caller's environment must not override the identity inside.
        let r = try ekspipe(["auth", "exec", "--identity", "dev-admin", "--config", atmosPath, "--",
                             "aws", "sts", "get-caller-identity", "--output", "json"],
                            env: ["AWS_ACCESS_KEY_ID": "AKIAOUTSIDE000000000", "AWS_SECRET_ACCESS_KEY": "outside"])
        XCTAssertEqual(r.status, 0, r.stderr)
        let arn = try XCTUnwrap(try r.json()["Arn"] as? String)
        XCTAssertTrue(arn.hasPrefix(world.assumedRoleArnPrefix()), arn)

        // The profile behind it: credential_process runs creds-resolve, the file is private.
        let e = try sessionEnv("dev-admin")
        let file = try XCTUnwrap(e["AWS_CONFIG_FILE"])
        XCTAssertTrue(file.hasPrefix(home.appendingPathComponent(".config/ekspipe/aws/").path), file)
        let attrs = try FileManager.default.attributesOfItem(atPath: file)
        XCTAssertEqual((attrs[.posixPermissions] as? NSNumber)?.intValue, 0o600)
        let text = try String(contentsOfFile: file, encoding: .utf8)
        XCTAssertTrue(text.contains("[profile ekspipe-dev-admin]"), text)
        XCTAssertTrue(text.contains("--identity 'dev-admin' --config '\(atmosPath)' --format credential-process --non-interactive"), text)
        XCTAssertTrue(text.contains("region = us-east-2"), text)
    }

    func testExecProvisionsMissingEntriesEvenWhenLoggedIn() throws {
        try writeAtmos()
        try login("dev-admin")
        try FileManager.default.removeItem(atPath: ekspipeKubeconfig)
        let r = try ekspipe(["auth", "exec", "--identity", "dev-admin", "--config", atmosPath, "--",
                             "kubectl", "--context", "dev-eks", "get", "namespaces", "-o", "name"])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.out.contains("namespace/default"), r.out)
        XCTAssertTrue(r.stderr.contains("Provisioning EKS kubeconfig for identity dev-admin"), r.stderr)
        XCTAssertEqual(try contexts(ekspipeKubeconfig), ["dev-eks", "stage-eks"])

        // Present entries are left alone: no describe, no rewrite.
        let before = try FileManager.default.attributesOfItem(atPath: ekspipeKubeconfig)[.modificationDate] as? Date
        let again = try ekspipe(["auth", "exec", "--identity", "dev-admin", "--config", atmosPath, "--", "true"])
        XCTAssertEqual(again.status, 0, again.stderr)
        XCTAssertFalse(again.stderr.contains("Provisioning"), again.stderr)
        XCTAssertEqual(try FileManager.default.attributesOfItem(atPath: ekspipeKubeconfig)[.modificationDate] as? Date, before)
    }

    func testExecPassesTheExitStatusAndNeedsACommand() throws {
        try writeAtmos()
        let r = try ekspipe(["auth", "exec", "--identity", "dev-user", "--config", atmosPath, "--", "sh", "-c", "exit 7"])
        XCTAssertEqual(r.status, 7, r.stderr)
        let none = try ekspipe(["auth", "exec", "--identity", "dev-user", "--config", atmosPath])
        XCTAssertEqual(none.status, 2)
        XCTAssertTrue(none.stderr.contains("no command"), none.stderr)
    }

    func testExecWithoutATerminalNamesTheLoginCommand() throws {
        // An MFA identity that is not logged in: exec may not prompt without a terminal.
        try writeAtmos(world.atmos().replacingOccurrences(of: "        region: us-east-2\n    dev-admin:",
                                                          with: "        region: us-east-2\n        mfa_arn: arn:aws:iam::123456789012:mfa/flow-user\n    dev-admin:"))
        XCTAssertTrue(try String(contentsOfFile: atmosPath, encoding: .utf8).contains("mfa_arn"))
        let r = try ekspipe(["auth", "exec", "--identity", "dev-admin", "--config", atmosPath, "--", "true"])
        XCTAssertEqual(r.status, 1, r.stderr)
        XCTAssertTrue(r.stderr.contains("run 'ekspipe auth login dev-admin'"), r.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: ekspipeKubeconfig))
    }

    func testExecOnATerminalLogsInInteractively() throws {
        // The same MFA identity on a terminal (a pseudo-terminal from util-linux `script`): the
        // non-interactive attempt fails, the login prompts on the terminal, the command runs.
        try writeAtmos(world.atmos().replacingOccurrences(of: "        region: us-east-2\n    dev-admin:",
                                                          with: "        region: us-east-2\n        mfa_arn: arn:aws:iam::123456789012:mfa/flow-user\n    dev-admin:"))
        let script = try XCTUnwrap(BackgroundProcess.which("script"), "util-linux script")
        let command = [Self.script, "auth", "exec", "--identity", "dev-admin", "--config", atmosPath, "--",
                       "kubectl", "--context", "dev-eks", "get", "namespaces", "-o", "name"]
            .map { "'" + $0.replacingOccurrences(of: "'", with: "'\\''") + "'" }.joined(separator: " ")
        let r = try Harness.run(script, ["-qec", command, "/dev/null"], env: env(), stdin: Data("123456\n".utf8))
        XCTAssertEqual(r.status, 0, r.out + r.stderr)
        XCTAssertTrue(r.out.contains("Enter MFA code for arn:aws:iam::123456789012:mfa/flow-user"), r.out)
        XCTAssertTrue(r.out.contains("Authenticating with identity: dev-admin"), r.out)
        XCTAssertTrue(r.out.contains("namespace/kube-system"), r.out)
        XCTAssertEqual(try contexts(ekspipeKubeconfig), ["dev-eks", "stage-eks"], "provisioned after the login")
        assertNoSecrets(r.out)
    }

    func testShellGetsTheSessionEnvironment() throws {
        try writeAtmos()
        let r = try ekspipe(["auth", "shell", "--identity", "dev-user", "--config", atmosPath],
                            env: ["SHELL": "/bin/sh", "AWS_SESSION_TOKEN": "stale"],
                            stdin: Data("printf '%s %s %s' \"$EKSPIPE_IDENTITY\" \"$AWS_PROFILE\" \"${AWS_SESSION_TOKEN-none}\"\n".utf8))
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertEqual(r.out, "dev-user ekspipe-dev-user none")
    }

    func testLogoutOfOneIdentityLeavesTheOther() throws {
        try writeAtmos()
        try login("dev-admin")
        try login("dev-user")
        XCTAssertEqual(try contexts(ekspipeKubeconfig), ["dev-eks", "stage-eks", "user-eks"])
        let cache = home.appendingPathComponent(".cache/ekspipe/credentials")
        let cachedBefore = try FileManager.default.contentsOfDirectory(atPath: cache.path).filter { $0.hasSuffix(".json") }.count

        let r = try ekspipe(["auth", "logout", "--identity", "dev-admin", "--config", atmosPath])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertFalse(r.stderr.contains("⚠"), r.stderr)
        XCTAssertTrue(r.stderr.contains("✓ EKS kubeconfig removed: dev-eks"), r.stderr)
        XCTAssertEqual(try contexts(ekspipeKubeconfig), ["user-eks"])
        let cachedAfter = try FileManager.default.contentsOfDirectory(atPath: cache.path).filter { $0.hasSuffix(".json") }.count
        XCTAssertLessThan(cachedAfter, cachedBefore, "dev-admin's cached credentials are gone")

        // dev-user's entry still works, from its cached session.
        let k = try kubectl(["--context", "user-eks", "get", "namespaces"], kubeconfig: ekspipeKubeconfig)
        XCTAssertEqual(k.status, 0, k.stderr)

        // --all: every identity; the file ekspipe created goes once empty.
        let all = try ekspipe(["auth", "logout", "--all", "--config", atmosPath])
        XCTAssertEqual(all.status, 0, all.stderr)
        XCTAssertTrue(all.stderr.contains("Logged out: dev-user"), all.stderr)
        XCTAssertTrue(all.stderr.contains("Logged out: dev-admin"), all.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: ekspipeKubeconfig),
                       (try? String(contentsOfFile: ekspipeKubeconfig, encoding: .utf8)) ?? "")
    }

    func testLogoutKeepsEntriesOthersWrote() throws {
        try writeAtmos()
        try login("dev-admin")
        // Someone else's context in the same file survives.
        let add = try kubectl(["config", "set-context", "by-hand", "--cluster", "somewhere", "--user", "someone"],
                              kubeconfig: ekspipeKubeconfig)
        XCTAssertEqual(add.status, 0, add.stderr)
        let r = try ekspipe(["auth", "logout", "--identity", "dev-admin", "--config", atmosPath])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertEqual(try contexts(ekspipeKubeconfig), ["by-hand"])
    }
}
