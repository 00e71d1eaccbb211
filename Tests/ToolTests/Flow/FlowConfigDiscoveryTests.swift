import Foundation
import XCTest

/// Where the auth config is found without --config, as Atmos finds atmos.yaml: EKSPIPE_CONFIG,
/// ATMOS_CLI_CONFIG_PATH (a directory), the current directory and its parents up to the
/// repository root (never above it), then the user config dirs. Run as a user would, from a
/// working directory, through scripts/ekspipe and creds-resolve; nothing here needs AWS.
final class FlowConfigDiscoveryTests: FlowTestCase {
    override class var needsWorld: Bool { false }

    /// A config whose one identity, `name`, is the default: which file was read shows in the
    /// identity a command picks.
    func writeConfig(_ dir: String, identity name: String) throws -> String {
        let url = home.appendingPathComponent(dir)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        let path = url.appendingPathComponent("atmos.yaml").path
        try "auth:\n  identities:\n    \(name):\n      kind: aws/ambient\n      default: true\n".write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    func mkdir(_ dir: String) throws -> String {
        let url = home.appendingPathComponent(dir)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url.path
    }

    /// `creds-resolve --default-identity` run in `dir`: the config it found and the identity.
    func found(in dir: String, env extra: [String: String] = [:]) throws -> (config: String, identity: String, result: Harness.Result) {
        let r = try runIn(dir, Harness.tool("creds-resolve"), ["--default-identity"], env: extra)
        guard r.status == 0 else { return ("", "", r) }
        let o = try r.json()
        return (o["config"] as? String ?? "", o["identity"] as? String ?? "", r)
    }

    func runIn(_ dir: String, _ program: String, _ args: [String], env extra: [String: String] = [:]) throws -> Harness.Result {
        try Harness.run("/bin/sh", ["-c", "cd \"$1\" && shift && exec \"$@\"", "sh", home.appendingPathComponent(dir).path, program] + args,
                        env: env(extra), timeout: 60)
    }

    func testFoundFromANestedDirectoryOfARepositoryAndNeverAboveIt() throws {
        _ = try mkdir("outer/repo/.git")
        _ = try mkdir("outer/repo/a/b/c")
        let above = try writeConfig("outer", identity: "above")
        // Nothing in the repository: the config above the repository root is not taken.
        let none = try found(in: "outer/repo/a/b/c")
        XCTAssertEqual(none.result.status, 2, none.result.stderr)
        XCTAssertTrue(none.result.stderr.contains("no auth config found"), none.result.stderr)
        XCTAssertTrue(none.result.stderr.contains("outer/repo/a/b/c/atmos.yaml, "), none.result.stderr)
        XCTAssertTrue(none.result.stderr.contains("outer/repo/atmos.yaml, "), "every place looked in is named: \(none.result.stderr)")
        XCTAssertTrue(none.result.stderr.contains("~/.atmos/atmos.yaml"), none.result.stderr)
        XCTAssertFalse(none.result.stderr.contains(above), "never above the repository root: \(none.result.stderr)")

        // The repository root's config, from three levels down; and the flows find it too.
        let root = try writeConfig("outer/repo", identity: "root")
        let r = try found(in: "outer/repo/a/b/c")
        XCTAssertEqual(r.result.status, 0, r.result.stderr)
        XCTAssertEqual(r.config, root)
        XCTAssertEqual(r.identity, "root")
        let logout = try runIn("outer/repo/a/b/c", Self.script, ["auth", "logout", "--dry-run"])
        XCTAssertEqual(logout.status, 0, logout.stderr)
        XCTAssertTrue(logout.stderr.contains("Would remove the cached credentials of root (0 entries)"), logout.stderr)

        // The nearest one wins.
        let mid = try writeConfig("outer/repo/a", identity: "mid")
        XCTAssertEqual(try found(in: "outer/repo/a/b/c").config, mid)
        XCTAssertEqual(try found(in: "outer/repo/a").config, mid)
        XCTAssertEqual(try found(in: "outer/repo").config, root)
    }

    func testAWorktreesGitFileMarksTheRootAndOutsideARepositoryOnlyTheCurrentDirectoryCounts() throws {
        _ = try mkdir("wt/sub")
        try "gitdir: /elsewhere/.git/worktrees/wt\n".write(toFile: home.appendingPathComponent("wt/.git").path, atomically: true, encoding: .utf8)
        let root = try writeConfig("wt", identity: "tree")
        XCTAssertEqual(try found(in: "wt/sub").config, root)

        // No repository: a parent's atmos.yaml is not taken (HOME's own user dirs are).
        _ = try mkdir("plain/sub")
        _ = try writeConfig("plain", identity: "parent")
        let r = try found(in: "plain/sub")
        XCTAssertEqual(r.result.status, 2, r.result.stderr)
        XCTAssertTrue(r.result.stderr.contains("no auth config found"), r.result.stderr)
        let here = try found(in: "plain")
        XCTAssertEqual(here.identity, "parent")
    }

    func testATMOSCLIConfigPathIsADirectoryOrAFileAndEKSPIPECONFIGWins() throws {
        _ = try mkdir("repo/.git")
        let local = try writeConfig("repo", identity: "local")
        let atmosDir = try writeConfig("infra/config", identity: "atmos")
        let dirPath = home.appendingPathComponent("infra/config").path
        XCTAssertEqual(try found(in: "repo").config, local)
        var r = try found(in: "repo", env: ["ATMOS_CLI_CONFIG_PATH": dirPath])
        XCTAssertEqual(r.config, atmosDir, r.result.stderr)
        XCTAssertEqual(r.identity, "atmos")
        // A file is taken as it is.
        r = try found(in: "repo", env: ["ATMOS_CLI_CONFIG_PATH": atmosDir])
        XCTAssertEqual(r.config, atmosDir, r.result.stderr)
        // EKSPIPE_CONFIG first.
        r = try found(in: "repo", env: ["ATMOS_CLI_CONFIG_PATH": dirPath, "EKSPIPE_CONFIG": local])
        XCTAssertEqual(r.config, local, r.result.stderr)
        // --config first of all, through the flow.
        let flow = try runIn("repo", Self.script, ["auth", "logout", "--dry-run", "--config", atmosDir], env: ["EKSPIPE_CONFIG": local])
        XCTAssertEqual(flow.status, 0, flow.stderr)
        XCTAssertTrue(flow.stderr.contains("cached credentials of atmos "), flow.stderr)

        // A directory without a config, and a path that is not there: errors naming it.
        let empty = try mkdir("infra/empty")
        r = try found(in: "repo", env: ["ATMOS_CLI_CONFIG_PATH": empty])
        XCTAssertEqual(r.result.status, 2)
        XCTAssertTrue(r.result.stderr.contains("ATMOS_CLI_CONFIG_PATH: no atmos.yaml"), r.result.stderr)
        XCTAssertTrue(r.result.stderr.contains(empty), r.result.stderr)
        r = try found(in: "repo", env: ["ATMOS_CLI_CONFIG_PATH": empty + "/missing"])
        XCTAssertEqual(r.result.status, 2)
        XCTAssertTrue(r.result.stderr.contains("ATMOS_CLI_CONFIG_PATH: \(empty)/missing does not exist"), r.result.stderr)
    }

    func testTheUserConfigDirsComeLastEkspipesFirst() throws {
        _ = try mkdir("nowhere")
        let atmosHome = try writeConfig(".atmos", identity: "atmos-home")
        XCTAssertEqual(try found(in: "nowhere").config, atmosHome)
        let xdgAtmos = try writeConfig(".config/atmos", identity: "xdg-atmos")
        XCTAssertEqual(try found(in: "nowhere").config, atmosHome, "Atmos's home dir before its XDG dir")
        try FileManager.default.removeItem(atPath: atmosHome)
        XCTAssertEqual(try found(in: "nowhere").config, xdgAtmos)
        let mine = try writeConfig(".config/ekspipe", identity: "mine")
        XCTAssertEqual(try found(in: "nowhere").config, mine)
        // A project's config wins over the user's.
        let project = try writeConfig("nowhere", identity: "project")
        XCTAssertEqual(try found(in: "nowhere").config, project)
    }
}
