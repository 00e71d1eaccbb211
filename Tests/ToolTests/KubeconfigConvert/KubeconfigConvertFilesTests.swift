import Foundation
import XCTest

/// Which files `ekspipe kubeconfig convert` reads and when it writes none of them: KUBECONFIG's
/// list and --context, bad input anywhere (nothing changed), another writer's lock, and the
/// same trust checks as every kubeconfig write.
final class KubeconfigConvertFilesTests: FlowTestCase {
    override class var needsWorld: Bool { false }

    /// A kubeconfig whose user `user` (context `context`) runs aws eks get-token for `cluster`.
    static func file(user: String, context: String, cluster: String) -> String {
        """
        apiVersion: v1
        kind: Config
        clusters:
        - name: \(cluster)
          cluster: {server: "https://\(cluster).example"}
        contexts:
        - name: \(context)
          context: {cluster: \(cluster), user: \(user)}
        users:
        - name: \(user)
          user:
            exec:
              apiVersion: client.authentication.k8s.io/v1beta1
              command: aws
              args: [--region, us-east-2, eks, get-token, --cluster-name, \(cluster), --output, json]

        """
    }

    func bytes(_ path: String) -> Data? { FileManager.default.contents(atPath: path) }

    func command(_ path: String, user: String) -> String? {
        let r = try? kubectl(["config", "view", "--raw", "-o", "jsonpath={.users[?(@.name==\"\(user)\")].user.exec.command}"], kubeconfig: path)
        return r?.out
    }

    func testKubeconfigListAndContextChooseWhatIsConverted() throws {
        let a = try scratch.write(Self.file(user: "ua", context: "ca", cluster: "one"), to: "a.yaml").path
        let b = try scratch.write(Self.file(user: "ub", context: "cb", cluster: "two"), to: "b.yaml").path
        let list = [a, home.appendingPathComponent("missing.yaml").path, b].joined(separator: ":")
        let onlyB = try ekspipe(["kubeconfig", "convert", "--context", "cb"], env: ["KUBECONFIG": list])
        XCTAssertEqual(onlyB.status, 0, onlyB.stderr)
        XCTAssertTrue(onlyB.stderr.contains("✓ user ub: aws eks get-token → eks-presign (~/b.yaml)"), onlyB.stderr)
        XCTAssertEqual(command(a, user: "ua"), "aws")
        XCTAssertTrue(command(b, user: "ub")?.hasSuffix("/eks-presign") ?? false)

        let before = bytes(a)
        let unknown = try ekspipe(["kubeconfig", "convert", "--context", "ca", "--context", "nope"], env: ["KUBECONFIG": list])
        XCTAssertEqual(unknown.status, 2, unknown.stderr)
        XCTAssertTrue(unknown.stderr.contains("no context \"nope\" in ~/a.yaml, ~/b.yaml"), unknown.stderr)
        XCTAssertEqual(bytes(a), before, "nothing written when a context is not found")

        let all = try ekspipe(["kubeconfig", "convert"], env: ["KUBECONFIG": list])
        XCTAssertEqual(all.status, 0, all.stderr)
        XCTAssertTrue(command(a, user: "ua")?.hasSuffix("/eks-presign") ?? false)
        XCTAssertEqual(all.out, "")

        let missing = try ekspipe(["kubeconfig", "convert", "--kubeconfig", home.appendingPathComponent("nope").path])
        XCTAssertEqual(missing.status, 2)
        XCTAssertTrue(missing.stderr.contains("nope: no such kubeconfig file"), missing.stderr)
        let nothing = try ekspipe(["kubeconfig", "convert"])
        XCTAssertEqual(nothing.status, 0, nothing.stderr)
        XCTAssertTrue(nothing.stderr.contains("nothing to convert: no kubeconfig file (~/.kube/config)"), nothing.stderr)
    }

    func testBadInputAnywhereChangesNothing() throws {
        let good = try scratch.write(Self.file(user: "ua", context: "ca", cluster: "one"), to: "good.yaml").path
        let broken = try scratch.write("users:\n- name: x\n  user: [unclosed\n", to: "broken.yaml").path
        let original = bytes(good)
        let r = try ekspipe(["kubeconfig", "convert"], env: ["KUBECONFIG": "\(good):\(broken)"])
        XCTAssertEqual(r.status, 2, r.stderr)
        XCTAssertTrue(r.stderr.contains(broken), r.stderr)
        XCTAssertEqual(bytes(good), original, "the good file is not written when another is broken")

        let fifo = home.appendingPathComponent("fifo").path
        XCTAssertEqual(mkfifo(fifo, 0o600), 0)
        for args in [["--kubeconfig", fifo], ["--kubeconfig", fifo, "--dry-run"]] {
            let f = try ekspipe(["kubeconfig", "convert"] + args, env: ["KUBECONFIG": good])
            XCTAssertEqual(f.status, 2, f.stderr)
            XCTAssertTrue(f.stderr.contains(fifo) && f.stderr.contains("FIFO"), f.stderr)
        }
        XCTAssertEqual(bytes(good), original)
        let bad = try ekspipe(["kubeconfig", "convert", "--frobnicate"])
        XCTAssertEqual(bad.status, 2)
        XCTAssertTrue(bad.stderr.contains("unexpected argument --frobnicate"), bad.stderr)
    }

    func testAnotherWritersLockAndAnUntrustedDirectoryAreRespected() throws {
        let path = try scratch.write(Self.file(user: "ua", context: "ca", cluster: "one"), to: "kube/config").path
        XCTAssertEqual(chmod(path, 0o640), 0)
        let original = bytes(path)
        FileManager.default.createFile(atPath: path + ".lock", contents: Data("kubectl".utf8))
        let km = Harness.tool("kubeconfig-merge")
        let locked = try Harness.run(km, ["--convert", "--kubeconfig", path, "--lock-timeout", "0.3"], env: env())
        XCTAssertEqual(locked.status, 1, locked.stderr)
        XCTAssertTrue(locked.stderr.contains("is locked by another process"), locked.stderr)
        XCTAssertEqual(bytes(path), original)
        XCTAssertEqual(bytes(path + ".lock"), Data("kubectl".utf8), "someone else's lock is not ours to remove")
        // A dry run takes no lock and still shows what would change.
        let dry = try Harness.run(km, ["--convert", "--kubeconfig", path, "--dry-run"], env: env())
        XCTAssertEqual(dry.status, 0, dry.stderr)
        XCTAssertTrue(dry.out.contains("-      command: aws"), dry.out)
        try FileManager.default.removeItem(atPath: path + ".lock")

        let dir = home.appendingPathComponent("kube").path
        XCTAssertEqual(chmod(dir, 0o777), 0)
        let open = try ekspipe(["kubeconfig", "convert", "--kubeconfig", path])
        XCTAssertNotEqual(open.status, 0, "a directory others may write is refused: \(open.stderr)")
        XCTAssertEqual(bytes(path), original)
        XCTAssertEqual(chmod(dir, 0o700), 0)

        let ok = try Harness.run(km, ["--convert", "--kubeconfig", path], env: env())
        XCTAssertEqual(ok.status, 0, ok.stderr)
        let report = try ok.json()["files"] as? [[String: Any]]
        XCTAssertEqual(report?.first?["converted"] as? [String], ["ua"])
        XCTAssertEqual(report?.first?["changed"] as? Bool, true)
        XCTAssertFalse(FileManager.default.fileExists(atPath: path + ".lock"), "its own lock is released")
        let st = try FileManager.default.attributesOfItem(atPath: path)
        XCTAssertEqual((st[.posixPermissions] as? NSNumber)?.intValue, 0o640, "the file keeps its mode")
    }
}
