import Foundation
import XCTest

/// The current context: a session of identity X starts in X's cluster whatever the user's
/// files say, without writing them.
final class FlowContextTests: FlowTestCase {
    /// The user's own ~/.kube/config, whose current context is a cluster of their own.
    static let userConfig = """
        apiVersion: v1
        kind: Config
        clusters: [{name: mine, cluster: {server: "https://127.0.0.1:1"}}]
        users: [{name: mine, user: {token: not-a-secret}}]
        contexts: [{name: my-own, context: {cluster: mine, user: mine}}]
        current-context: my-own
        """

    func testASessionStartsInTheIdentitysCluster() throws {
        try writeAtmos()
        try login("dev-admin")  // ekspipe's file now names dev-eks as its current context
        try FileManager.default.createDirectory(atPath: home.appendingPathComponent(".kube").path, withIntermediateDirectories: true)
        try Self.userConfig.write(toFile: userKubeconfig, atomically: true, encoding: .utf8)

        let cc = try sessionExec("dev-user", ["kubectl", "config", "current-context"])
        XCTAssertEqual(cc.status, 0, cc.stderr)
        XCTAssertEqual(cc.out, "user-eks\n", "dev-user's only integration, provisioned by the session")
        let ours = try Data(contentsOf: URL(fileURLWithPath: ekspipeKubeconfig))
        let before = world.kubes["dev-cluster"]?.decisions().count ?? 0
        let ns = try sessionExec("dev-user", ["kubectl", "get", "namespaces", "-o", "name"])
        XCTAssertEqual(ns.status, 0, ns.stderr)
        XCTAssertTrue(ns.out.contains("namespace/kube-system"), ns.out)
        XCTAssertEqual(lastDecision("user-cluster")?["ok"] as? Bool, true)
        XCTAssertEqual(world.kubes["dev-cluster"]?.decisions().count ?? 0, before, "nothing went to dev-admin's cluster")
        // dev-admin: its first auto-provisioned integration (dev-eks, not stage-eks).
        XCTAssertEqual(try sessionExec("dev-admin", ["kubectl", "config", "current-context"]).out, "dev-eks\n")

        // Switching inside a session writes the session's file, not the user's.
        let use = try sessionExec("dev-admin", ["sh", "-c", "kubectl config use-context stage-eks >/dev/null && kubectl config current-context"])
        XCTAssertEqual(use.out, "stage-eks\n", use.stderr)
        XCTAssertEqual(try String(contentsOfFile: userKubeconfig, encoding: .utf8), Self.userConfig, "the user's file is untouched")
        let dev = try sessionExec("dev-user", ["kubectl", "config", "current-context"])
        XCTAssertEqual(dev.out, "user-eks\n", "another session is not affected")

        // shell and env start there too.
        let shell = try ekspipe(["auth", "shell", "--identity", "dev-user", "--config", atmosPath],
                                env: ["SHELL": "/bin/sh"], stdin: Data("kubectl config current-context\n".utf8))
        XCTAssertEqual(shell.out, "user-eks\n", shell.stderr)
        let ex = try ekspipe(["auth", "env", "--identity", "dev-user", "--config", atmosPath])
        let evald = try Harness.run("/bin/sh", ["-c", "eval \"$1\" && exec kubectl config current-context", "sh", ex.out], env: env())
        XCTAssertEqual(evald.out, "user-eks\n", evald.stderr)
        XCTAssertEqual(try String(contentsOfFile: userKubeconfig, encoding: .utf8), Self.userConfig)
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: ekspipeKubeconfig)), ours, "ekspipe's file is untouched")

        // Private files; those of exec and shell sessions whose process is gone were removed by
        // the next session (env's stays: the shell that evaluated it uses it).
        XCTAssertEqual(try FileManager.default.attributesOfItem(atPath: sessionDir)[.posixPermissions] as? Int, 0o700)
        let files = try FileManager.default.contentsOfDirectory(atPath: sessionDir).sorted()
        XCTAssertEqual(files, ["env-dev-user"])
        for f in files {
            XCTAssertEqual(try FileManager.default.attributesOfItem(atPath: sessionDir + "/" + f)[.posixPermissions] as? Int, 0o600, f)
        }
    }
}
