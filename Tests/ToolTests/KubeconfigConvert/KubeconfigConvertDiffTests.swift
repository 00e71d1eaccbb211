import Foundation
import XCTest

/// The dry run's diff (made in memory, no temp file) is what `diff -u` prints, also with
/// hunks far apart and a file without a final newline; on a terminal, secret values in its
/// context lines are masked. And the help and command list name the command.
final class KubeconfigConvertDiffTests: FlowTestCase {
    override class var needsWorld: Bool { false }

    static func awsUser(_ name: String, cluster: String) -> String {
        """
        - name: \(name)
          user:
            exec:
              apiVersion: client.authentication.k8s.io/v1beta1
              command: aws
              args: [eks, get-token, --cluster-name, \(cluster)]
        """
    }

    func testDiffMatchesDiffUWithSeparateHunksAndNoFinalNewline() throws {
        let filler = (1...12).map { "- name: static-\($0)\n  user:\n    token: t\($0)" }.joined(separator: "\n")
        let text = "apiVersion: v1\nkind: Config\nusers:\n" + Self.awsUser("first", cluster: "c1") + "\n" + filler + "\n"
            + Self.awsUser("last", cluster: "c2")
        let path = try scratch.write(text, to: ".kube/config").path
        let dry = try ekspipe(["kubeconfig", "convert", "--dry-run"])
        XCTAssertEqual(dry.status, 0, dry.stderr)
        XCTAssertEqual(try String(contentsOfFile: path, encoding: .utf8), text, "a dry run writes nothing")

        let r = try ekspipe(["kubeconfig", "convert"])
        XCTAssertEqual(r.status, 0, r.stderr)
        let before = try scratch.write(text, to: "before").path
        let reference = try Harness.run("/usr/bin/env", ["diff", "-u", before, path])
        func body(_ diff: String) -> [String] { Array(diff.components(separatedBy: "\n").dropFirst(2)) }
        XCTAssertEqual(body(dry.out), body(reference.out))
        XCTAssertEqual(dry.out.components(separatedBy: "\n@@ ").count, 3, "two hunks: \(dry.out)")
        XCTAssertTrue(dry.out.contains("\\ No newline at end of file"), dry.out)
    }

    func testSecretsInContextLinesAreMaskedOnATerminal() throws {
        let text = "apiVersion: v1\nkind: Config\nusers:\n" + Self.awsUser("eks", cluster: "c1")
            + "\n- name: neighbour\n  user:\n    token: secret-bearer-value\n"
        let path = try scratch.write(text, to: ".kube/config").path
        let piped = try ekspipe(["kubeconfig", "convert", "--dry-run"])
        XCTAssertTrue(piped.out.contains("     token: secret-bearer-value"), "piped, the diff is exact: \(piped.out)")

        let tty = try PseudoTerminalRun([Self.script, "kubeconfig", "convert", "--dry-run"], env: env(), captureOutput: false).finish()
        XCTAssertEqual(tty.status, 0, tty.screen)
        XCTAssertTrue(tty.screen.contains("+      command: "), tty.screen)
        XCTAssertFalse(tty.screen.contains("secret-bearer-value"), tty.screen)
        XCTAssertTrue(tty.screen.contains("token: ******"), tty.screen)
        XCTAssertEqual(try String(contentsOfFile: path, encoding: .utf8), text)
    }

    func testHelpAndCommandList() throws {
        let help = try ekspipe(["kubeconfig", "convert", "--help"])
        XCTAssertEqual(help.status, 0, help.stderr)
        XCTAssertTrue(help.out.hasPrefix("Usage: ekspipe kubeconfig convert"), help.out)
        XCTAssertTrue(help.out.contains("Examples:\n  ekspipe kubeconfig convert --dry-run"), help.out)
        XCTAssertTrue(try ekspipe(["--help"]).out.contains("kubeconfig convert"))
        let tool = try Harness.run(Harness.tool("kubeconfig-merge"), ["--help"])
        XCTAssertTrue(tool.out.contains("kubeconfig-merge --convert --dry-run"), tool.out)
        for args in [["kubeconfig"], ["kubeconfig", "merge"], ["kubeconfig", "convert", "--context"]] {
            let r = try ekspipe(args)
            XCTAssertEqual(r.status, 2, "\(args): \(r.stderr)")
            XCTAssertTrue(r.stderr.hasPrefix("ekspipe: "), r.stderr)
        }
        let mixed = try Harness.run(Harness.tool("kubeconfig-merge"), ["--convert", "--remove"], env: env())
        XCTAssertEqual(mixed.status, 2)
        XCTAssertTrue(mixed.stderr.contains("not --remove"), mixed.stderr)
    }
}
