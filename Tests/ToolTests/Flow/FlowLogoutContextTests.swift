import Foundation
import XCTest

/// A logout that removes a context some kubeconfig names as its current one says so, with the
/// kubectl command that fixes it (the user's files are theirs: nothing is written to them).
final class FlowLogoutContextTests: FlowTestCase {
    func testLogoutSaysWhichFileIsLeftWithoutItsCurrentContext() throws {
        try writeAtmos()
        try login("dev-admin")
        try login("dev-user")
        // The user's own file, which they pointed at ekspipe's dev-eks with kubectl.
        let mine = home.appendingPathComponent("mine.yaml").path
        try FlowContextTests.userConfig.write(toFile: mine, atomically: true, encoding: .utf8)
        let list = "\(mine):\(ekspipeKubeconfig)"
        let use = try kubectl(["config", "use-context", "dev-eks"], kubeconfig: list)
        XCTAssertEqual(use.status, 0, use.stderr)
        XCTAssertTrue(try String(contentsOfFile: mine, encoding: .utf8).contains("current-context: dev-eks"))

        let r = try ekspipe(["auth", "logout", "--identity", "dev-admin", "--config", atmosPath], env: ["KUBECONFIG": list])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stderr.contains("kubeconfig-merge: warning: ~/mine.yaml: current-context \"dev-eks\" was removed; "
                                        + "choose another: kubectl config use-context my-own (contexts: my-own, user-eks)\n"), r.stderr)
        XCTAssertTrue(r.stderr.contains("kubeconfig-merge: warning: ~/.config/ekspipe/kube/config: its current-context \"dev-eks\" was "
                                        + "removed with the entries, so it names none now; choose another: "
                                        + "kubectl --kubeconfig ~/.config/ekspipe/kube/config config use-context user-eks\n"), r.stderr)
        XCTAssertTrue(try String(contentsOfFile: mine, encoding: .utf8).contains("current-context: dev-eks"), "the user's file is theirs")

        // dev-user's context is nobody's current one: nothing to say.
        let user = try ekspipe(["auth", "logout", "--identity", "dev-user", "--config", atmosPath], env: ["KUBECONFIG": list])
        XCTAssertEqual(user.status, 0, user.stderr)
        XCTAssertFalse(user.stderr.contains("warning"), user.stderr)

        // The command it names works.
        XCTAssertEqual(try kubectl(["config", "use-context", "my-own"], kubeconfig: list).status, 0)
        XCTAssertEqual(try kubectl(["config", "current-context"], kubeconfig: list).out, "my-own\n")
    }
}
