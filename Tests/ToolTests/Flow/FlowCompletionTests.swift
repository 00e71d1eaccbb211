import Foundation
import XCTest

/// `ekspipe completion bash|zsh|fish`: each script is parsed by its real shell and then asked
/// to complete, the way the shell asks on Tab (bash: the function with COMP_WORDS/COMP_CWORD;
/// zsh: registered by compinit, the function run with the completion system's output stubbed;
/// fish: `complete -C`): commands, flags, --format's values, identity and integration names
/// from the config (and from a --config typed on the line), nothing on stderr.
final class FlowCompletionTests: FlowTestCase {
    override class var needsWorld: Bool { false }

    static let config = """
        auth:
          identities:
            dev-admin:
              kind: aws/ambient
            dev-user:
              kind: aws/ambient
          integrations:
            dev/eks/primary:
              kind: aws/eks
              via:
                identity: dev-admin
              spec:
                cluster:
                  name: dev-cluster
                  region: us-east-2
            user/eks:
              kind: aws/eks
              via:
                identity: dev-user
              spec:
                cluster:
                  name: user-cluster
                  region: us-east-2
        """

    /// A second config, named with --config on the line.
    var otherConfig: String { home.appendingPathComponent("other.yaml").path }

    override func setUpWithError() throws {
        try super.setUpWithError()
        try writeAtmos(Self.config)
        try "auth:\n  identities:\n    prod-admin:\n      kind: aws/ambient\n".write(toFile: otherConfig, atomically: true, encoding: .utf8)
    }

    /// The user's environment: ekspipe on PATH, the config found through EKSPIPE_CONFIG.
    var shellEnv: [String: String] {
        env(["PATH": Harness.packageRoot.appendingPathComponent("scripts").path + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"),
             "EKSPIPE_CONFIG": atmosPath])
    }

    func shell(_ name: String) throws -> String {
        try XCTUnwrap(BackgroundProcess.which(name), "\(name) is not installed (scripts/setup installs it)")
    }

    /// Runs `shell` with a script and arguments; stderr must stay empty (nothing in the prompt).
    func run(_ shell: String, _ args: [String], file: StaticString = #filePath, line: UInt = #line) throws -> [String] {
        let r = try Harness.run(try self.shell(shell), args, env: shellEnv, timeout: 30)
        XCTAssertEqual(r.status, 0, "\(shell) \(args): \(r.stderr)", file: file, line: line)
        XCTAssertEqual(r.stderr, "", "\(shell) \(args)", file: file, line: line)
        return r.out.split(separator: "\n").map(String.init)
    }

    /// COMPREPLY of the bash function for `words` (the last one being completed).
    func bash(_ words: String...) throws -> [String] {
        try run("bash", ["--norc", "--noprofile", "-c", """
            source <(ekspipe completion bash) || exit 9
            COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); _ekspipe
            printf '%s\\n' "${COMPREPLY[@]}"
            """, "bash", "ekspipe"] + words).filter { !$0.isEmpty }
    }

    /// What the zsh function hands to _describe (candidate:description), or `<files>` and
    /// `<normal WORDS CURRENT>` (compinit, which registers it, is tested once: it is slow).
    func zsh(_ words: String...) throws -> [String] {
        try run("zsh", ["-f", "-c", """
            compdef() { [[ $* == "_ekspipe ekspipe" ]] || exit 8; }
            source <(ekspipe completion zsh) || exit 9
            _describe() { print -rl -- "${(@P)4}"; }
            compset() { :; }
            _files() { print -r -- '<files>'; }
            _normal() { print -r -- "<normal ${words[*]} $CURRENT>"; }
            words=(ekspipe "$@"); CURRENT=$#words; _ekspipe
            """, "zsh"] + words)
    }

    /// fish's `complete -C LINE`, candidates without their descriptions.
    func fish(_ line: String) throws -> [String] {
        try run("fish", ["--no-config", "-c", "ekspipe completion fish | source; or exit 9; complete -C $argv[1]", line])
            .map { String($0.prefix { $0 != "\t" }) }
    }

    func testEachScriptParsesInItsShell() throws {
        for (name, check) in [("bash", ["--norc", "--noprofile", "-n"]), ("zsh", ["-f", "-n"]), ("fish", ["--no-config", "-n"])] {
            let script = try ekspipe(["completion", name])
            XCTAssertEqual(script.status, 0, script.stderr)
            let path = home.appendingPathComponent("completion.\(name)").path
            try script.stdout.write(to: URL(fileURLWithPath: path))
            let r = try Harness.run(try shell(name), check + [path], env: shellEnv)
            XCTAssertEqual(r.status, 0, "\(name) -n: \(r.stderr)")
            XCTAssertEqual(r.stderr, "", name)
        }
        for (args, message) in [(["completion", "tcsh"], "unknown shell 'tcsh' (expected bash, zsh or fish)"),
                                (["completion"], "name a shell"), (["completion", "bash", "extra"], "unexpected argument extra")] {
            let r = try ekspipe(args)
            XCTAssertEqual(r.status, 2, "\(args): \(r.stderr)")
            XCTAssertTrue(r.stderr.hasPrefix("ekspipe: \(message)"), r.stderr)
            XCTAssertEqual(r.out, "")
        }
        // zsh: compinit registers it when sourced, and when found in $fpath as _ekspipe.
        let fpath = home.appendingPathComponent("zfunc")
        try FileManager.default.createDirectory(at: fpath, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: home.appendingPathComponent("completion.zsh").path,
                                         toPath: fpath.appendingPathComponent("_ekspipe").path)
        XCTAssertEqual(try run("zsh", ["-f", "-c", """
            autoload -U compinit && compinit -u -D && source <(ekspipe completion zsh) && print -r -- $_comps[ekspipe]
            fpath=($1 $fpath); unfunction _ekspipe; unset '_comps[ekspipe]'; compinit -u -D && print -r -- $_comps[ekspipe]
            whence -v _ekspipe
            """, "zsh", fpath.path]), ["_ekspipe", "_ekspipe", "_ekspipe is an autoload shell function from \(fpath.path)/_ekspipe"])
        let help = try ekspipe(["completion", "--help"])
        XCTAssertEqual(help.status, 0)
        XCTAssertTrue(help.out.hasPrefix("Usage: ekspipe completion bash|zsh|fish"), help.out)
        XCTAssertTrue(help.out.contains("Examples:\n  source <(ekspipe completion bash)"), help.out)
        XCTAssertTrue(try ekspipe(["--help"]).out.contains("completion bash|zsh|fish"))
    }

    func testBashCompletes() throws {
        XCTAssertEqual(try bash(""), ["auth", "aws", "kubeconfig", "completion", "version", "help"])
        XCTAssertEqual(try bash("auth", "lo"), ["login", "logout"])
        XCTAssertEqual(try bash("auth", "exec", "--identity", ""), ["dev-admin", "dev-user"])
        XCTAssertEqual(try bash("auth", "login", "dev-u"), ["dev-user"])
        XCTAssertEqual(try bash("auth", "exec", "--config", otherConfig, "--identity", ""), ["prod-admin"], "the --config typed")
        XCTAssertEqual(try bash("auth", "shell", "--"), ["--identity", "--config", "--shell", "--nested", "--help"])
        XCTAssertEqual(try bash("auth", "env", "--format", ""), ["export", "json", "dotenv", "fish"])
        // bash splits --format=f at '=' (COMP_WORDBREAKS): the pieces are joined back.
        XCTAssertEqual(try bash("auth", "env", "--format", "=", "f"), ["fish"])
        XCTAssertEqual(try bash("aws", "eks", "update-kubeconfig", "--integration", ""), ["dev/eks/primary", "user/eks"])
        XCTAssertEqual(try bash("aws", "eks", "update-kubeconfig", "--identity", "dev-user", "--integration", ""), ["user/eks"],
                       "the identity typed: its integrations only")
        XCTAssertTrue(try bash("aws", "eks", "update-kubeconfig", "--user").contains("--user-alias"))
        XCTAssertEqual(try bash("completion", ""), ["bash", "zsh", "fish"])
        // The command after `auth exec ... --` completes as a command.
        XCTAssertEqual(Set(try bash("auth", "exec", "--identity", "dev-user", "--", "kubect")), ["kubectl"])
        // A file name for --config; nothing (rather than files) after an unknown command.
        XCTAssertEqual(try bash("auth", "exec", "--config", home.appendingPathComponent("othe").path), [otherConfig])
        XCTAssertEqual(try bash("frobnicate", ""), [])
    }

    func testBashShowsNoErrorsForABrokenConfig() throws {
        try "auth:\n  identities:\n    me:\n      kind: aws/nonsense\n".write(toFile: atmosPath, atomically: true, encoding: .utf8)
        XCTAssertEqual(try bash("auth", "exec", "--identity", ""), [], "no names, and (run) no stderr")
        XCTAssertEqual(try bash("auth", "exec", "--config", home.appendingPathComponent("missing.yaml").path, "--identity", ""), [])
        XCTAssertEqual(try bash("auth", "lo"), ["login", "logout"], "commands still complete")
    }

    /// What completion asks for integration names: creds-resolve --list-integrations.
    func testIntegrationListing() throws {
        func cr(_ args: [String]) throws -> Harness.Result { try Harness.run("creds-resolve", args + ["--config", atmosPath], env: env()) }
        let all = try cr(["--list-integrations"])
        XCTAssertEqual(all.status, 0, all.stderr)
        XCTAssertEqual(all.out, "dev/eks/primary\nuser/eks\n", "config order")
        XCTAssertEqual(try cr(["--list-integrations", "--identity", "dev-user"]).out, "user/eks\n")
        XCTAssertEqual(try cr(["--list-integrations", "--identity", "prod-admin"]).out, "")
        let unknown = try cr(["--list-integrations", "--identity", "nobody"])
        XCTAssertEqual(unknown.status, 2)
        XCTAssertTrue(unknown.stderr.contains("no identity 'nobody' in auth.identities (known: dev-admin, dev-user)"), unknown.stderr)
        let mixed = try cr(["--list-integrations", "--format", "json"])
        XCTAssertEqual(mixed.status, 2)
        XCTAssertTrue(mixed.stderr.hasPrefix("creds-resolve: --list-integrations takes only --config and --identity"), mixed.stderr)
        XCTAssertEqual(mixed.out, "")
    }

    func testZshCompletes() throws {
        XCTAssertEqual(Array(try zsh("auth", "").prefix(2)), ["login:log in and write kubeconfig entries", "exec:run a command as an identity"])
        XCTAssertEqual(try zsh("auth", "exec", "--identity", ""), ["dev-admin", "dev-user"])
        XCTAssertEqual(try zsh("auth", "exec", "--config", "'\(otherConfig)'", "--identity", ""), ["prod-admin"], "a quoted --config")
        XCTAssertEqual(try zsh("aws", "eks", "update-kubeconfig", "--integration", ""), ["dev/eks/primary", "user/eks"])
        XCTAssertEqual(try zsh("auth", "env", "--format=f"), ["export", "json", "dotenv", "fish"])
        XCTAssertEqual(try zsh("auth", "shell", "--shell", ""), ["<files>"])
        XCTAssertEqual(try zsh("auth", "exec", "-i", "dev-user", "--", "kubectl", "get", ""), ["<normal kubectl get  3>"])
    }

    func testFishCompletes() throws {
        XCTAssertEqual(Set(try fish("ekspipe auth ")), ["login", "exec", "shell", "env", "logout", "whoami", "list", "validate"])
        XCTAssertEqual(try fish("ekspipe auth exec --identity "), ["dev-admin", "dev-user"])
        XCTAssertEqual(try fish("ekspipe auth exec --config \(otherConfig) --identity "), ["prod-admin"])
        XCTAssertEqual(try fish("ekspipe auth env --format="), ["--format=dotenv", "--format=export", "--format=fish", "--format=json"])
        XCTAssertEqual(try fish("ekspipe aws eks update-kubeconfig --identity dev-admin --integration "), ["dev/eks/primary"])
        XCTAssertEqual(try fish("ekspipe auth exec --identity dev-user -- kubect"), ["kubectl"])
        XCTAssertEqual(try fish("ekspipe auth exec --config \(home.appendingPathComponent("othe").path)"), [otherConfig])
    }
}
