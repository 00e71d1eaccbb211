import Foundation
import XCTest

/// Sessions as shells see them: `auth env --format fish` sourced by the real fish, `auth shell
/// --shell PATH -- ARGS`, and the nesting marker (EKSPIPE_SHLVL) with the refusal of a shell
/// and the warning of an exec started inside a session.
final class FlowShellTests: FlowTestCase {
    /// What `auth exec` inside a session of dev-user says (once) on stderr.
    static let execWarning = "auth exec inside an ekspipe session (identity dev-user, EKSPIPE_SHLVL=1)"

    func testEnvFormatFishIsSourcedByFish() throws {
        // A config and ekspipe's files under directories no quoting may break.
        let odd = home.appendingPathComponent("it's a \\ \"dir\"")
        let config = odd.appendingPathComponent("atmos.yaml").path
        try FileManager.default.createDirectory(at: odd, withIntermediateDirectories: true)
        try world.atmos().write(toFile: config, atomically: true, encoding: .utf8)
        let roleArn = "arn:aws:iam::123456789012:role/it's \"quoted\" \\ $HOME"
        let extra = ["XDG_CONFIG_HOME": odd.appendingPathComponent("config home").path, "AWS_ROLE_ARN": roleArn,
                     "AWS_ACCESS_KEY_ID": "AKIAOUTSIDE000000000", "AWS_SECRET_ACCESS_KEY": "outside"]
        let json = try sessionEnv("dev-admin", config: config, env: extra)

        let fish = try XCTUnwrap(BackgroundProcess.which("fish"), "fish is not installed (scripts/setup installs it)")
        let script = """
            set -Ux AWS_SESSION_TOKEN universal-stale
            $argv[1] auth env --identity dev-admin --config $argv[2] --format fish | source; or exit 7
            printf '%s\\n' $KUBECONFIG $AWS_CONFIG_FILE $AWS_PROFILE $EKSPIPE_IDENTITY $EKSPIPE_SHLVL "$EKSPIPE_AMBIENT_AWS_ROLE_ARN"
            set -q AWS_ACCESS_KEY_ID; and echo key-still-set; or echo key-erased
            env | string match -- 'AWS_SESSION_TOKEN=*'
            aws sts get-caller-identity --query Arn --output text
            """
        // Not --no-config: that turns universal variables into globals.
        let r = try Harness.run(fish, ["-c", script, Self.script, config], env: env(extra), timeout: 60)
        XCTAssertEqual(r.status, 0, r.stderr)
        let lines = r.out.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        XCTAssertEqual(Array(lines.prefix(5)), [json["KUBECONFIG"], json["AWS_CONFIG_FILE"], "ekspipe-dev-admin", "dev-admin", "1"],
                       "the values of --format json, through fish's quoting")
        XCTAssertTrue(lines[1].contains("it's a \\ \"dir\"/config home/ekspipe/aws/config-dev-admin"), lines[1])
        XCTAssertEqual(lines.dropFirst(5).first, roleArn, "the caller's value recorded by reference")
        XCTAssertEqual(lines.dropFirst(6).first, "key-erased")
        XCTAssertEqual(lines.dropFirst(7).first, "AWS_SESSION_TOKEN=", "a universal variable is shadowed, not erased")
        XCTAssertTrue((lines.dropFirst(8).first ?? "").hasPrefix(world.assumedRoleArnPrefix()), "aws runs as the identity: \(r.out)")

        // No sh construct in it; a bad --format names fish among the choices.
        let text = try ekspipe(["auth", "env", "--identity", "dev-admin", "--config", config, "--format", "fish"], env: extra)
        XCTAssertEqual(text.status, 0, text.stderr)
        for construct in ["unset ", "export ", "${", "[ -z"] { XCTAssertFalse(text.out.contains(construct), construct) }
        assertNoSecrets(text.out)
        let bad = try ekspipe(["auth", "env", "--identity", "dev-admin", "--config", config, "--format", "csh"])
        XCTAssertEqual(bad.status, 2)
        XCTAssertTrue(bad.stderr.contains("'csh' is not export, json, dotenv or fish"), bad.stderr)
    }

    func testShellFlagAndArguments() throws {
        try writeAtmos()
        let show = "printf '%s|%s|%s|%s' \"${BASH_VERSION:+bash}\" \"$0\" \"$EKSPIPE_IDENTITY\" \"$EKSPIPE_SHLVL\""
        let bash = try ekspipe(["auth", "shell", "--identity", "dev-user", "--config", atmosPath, "--shell", "/bin/bash",
                                "--", "-c", show, "zero"], env: ["SHELL": "/bin/sh"])
        XCTAssertEqual(bash.status, 0, bash.stderr)
        XCTAssertEqual(bash.out, "bash|zero|dev-user|1", "--shell wins over $SHELL; the arguments after -- are the shell's")
        let zsh = try ekspipe(["auth", "shell", "--identity", "dev-user", "--config", atmosPath, "--shell=zsh", "--", "-c", "print -r -- $ZSH_NAME; exit 7"])
        XCTAssertEqual(zsh.status, 7, "the shell's exit status: \(zsh.stderr)")
        XCTAssertEqual(zsh.out, "zsh\n", "a name is looked up on PATH")
        let fish = try ekspipe(["auth", "shell", "--identity", "dev-user", "--config", atmosPath, "--shell", "fish", "--",
                                "--no-config", "-c", "printf '%s|%s|%s' (string upper fish) $AWS_PROFILE $EKSPIPE_SHLVL"])
        XCTAssertEqual(fish.out, "FISH|ekspipe-dev-user|1", "fish as the session's shell: \(fish.stderr)")
    }

    func testABadShellIsAUsageErrorBeforeAnyLogin() throws {
        try writeAtmos()
        let plain = home.appendingPathComponent("not-executable").path
        try "echo hi\n".write(toFile: plain, atomically: true, encoding: .utf8)
        let cases: [([String], [String: String], String)] = [(["--shell", "/nonexistent/zsh"], [:], "--shell: /nonexistent/zsh does not exist"),
                                       (["--shell", home.path], [:], "--shell: \(home.path) is not a file"),
                                       (["--shell", plain], [:], "--shell: \(plain) is not executable"),
                                       (["--shell", "no-such-shell-here"], [:], "--shell: no program 'no-such-shell-here' on PATH"),
                                       ([], ["SHELL": "/nonexistent/fish"], "$SHELL: /nonexistent/fish does not exist")]
        for (args, extra, message) in cases {
            let r = try ekspipe(["auth", "shell", "--identity", "dev-user", "--config", atmosPath] + args, env: extra)
            XCTAssertEqual(r.status, 2, "\(args): \(r.stderr)")
            XCTAssertTrue(r.stderr.hasPrefix("ekspipe: \(message) (see ekspipe auth shell --help)"), r.stderr)
            XCTAssertEqual(r.out, "")
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: home.appendingPathComponent(".cache/ekspipe").path), "no login happened")
        XCTAssertFalse(FileManager.default.fileExists(atPath: ekspipeKubeconfig))
    }

    func testNestedSessions() throws {
        try writeAtmos()
        let show = ["sh", "-c", "printf '%s %s' \"$EKSPIPE_SHLVL\" \"$EKSPIPE_IDENTITY\""]
        let outer = try sessionExec("dev-user", show)
        XCTAssertEqual(outer.out, "1 dev-user", outer.stderr)
        XCTAssertFalse(outer.stderr.contains("inside an ekspipe session"), outer.stderr)

        // A shell inside a session is refused before anything is done for its identity.
        let inner = ["--identity", "dev-admin", "--config", atmosPath]
        let refused = try sessionExec("dev-user", [Self.script, "auth", "shell"] + inner + ["--shell", "/bin/sh", "--", "-c", "echo inner"])
        XCTAssertEqual(refused.status, 2, refused.stderr)
        XCTAssertEqual(refused.out, "")
        XCTAssertTrue(refused.stderr.contains("ekspipe: already in an ekspipe session (identity dev-user, EKSPIPE_SHLVL=1); "
                                              + "'exit' it first, or pass --nested"), refused.stderr)
        XCTAssertFalse(try contexts(ekspipeKubeconfig).contains("dev-eks"), "dev-admin was not logged in")
        let nestedShell = try sessionExec("dev-user", [Self.script, "auth", "shell", "--nested"] + inner + ["--shell", "/bin/sh", "--", "-c", "echo \"$EKSPIPE_SHLVL\""])
        XCTAssertEqual(nestedShell.out, "2\n", nestedShell.stderr)

        // exec inside a session: one warning, then the inner identity, one level down.
        let warned = try sessionExec("dev-user", [Self.script, "auth", "exec"] + inner + ["--"] + show)
        XCTAssertEqual(warned.out, "2 dev-admin", warned.stderr)
        XCTAssertEqual(warned.stderr.components(separatedBy: Self.execWarning).count - 1, 1, warned.stderr)
        let meant = try sessionExec("dev-user", [Self.script, "auth", "exec", "--nested"] + inner + ["--"] + show)
        XCTAssertEqual(meant.out, "2 dev-admin", meant.stderr)
        XCTAssertFalse(meant.stderr.contains("inside an ekspipe session"), meant.stderr)

        // env switches the evaluating shell: the level stays (1 outside a session).
        XCTAssertEqual(try sessionEnv("dev-admin")["EKSPIPE_SHLVL"], "1")
        XCTAssertEqual(try sessionEnv("dev-admin", env: ["EKSPIPE_SHLVL": "3"])["EKSPIPE_SHLVL"], "3")
        let inEnv = try sessionExec("dev-user", [Self.script, "auth", "env"] + inner + ["--format", "dotenv"])
        XCTAssertTrue(inEnv.out.contains("EKSPIPE_SHLVL='1'\n"), inEnv.out)
        XCTAssertFalse(inEnv.stderr.contains("inside an ekspipe session"), inEnv.stderr)
        XCTAssertEqual(try sessionExec("dev-user", show, env: ["EKSPIPE_SHLVL": "not-a-number"]).out, "1 dev-user")
    }
}
