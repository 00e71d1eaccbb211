import Foundation
import XCTest

/// `--remove` (logout): exactly the entries ekspipe wrote for the identity or integration go.
final class KubeconfigMergeRemoveTests: KubeconfigMergeTestCase {
    func testRemoveDeletesOnlyTheIdentitysMarkedEntries() throws {
        let path = dir.appendingPathComponent("config").path
        _ = try kubectl(path, ["config", "set-cluster", "foreign", "--server", "https://f"])
        _ = try kubectl(path, ["config", "set-credentials", "foreign-user", "--token", "t"])
        _ = try kubectl(path, ["config", "set-context", "foreign", "--cluster", "foreign", "--user", "foreign-user"])
        // A hand-made entry with the same name pattern as ekspipe's but no marker.
        _ = try kubectl(path, ["config", "set-context", "look-alike", "--cluster", "arn:aws:eks:us-east-2:123456789012:cluster/a-cluster"])
        try mergeOK(["--kubeconfig", path, "--current-context", "always"],
                    Self.envelope([Self.cluster("a-cluster", alias: "a", integration: "dev/eks/a"),
                                   Self.cluster("b-cluster", alias: "b", integration: "dev/eks/b")], identity: "dev-admin"))
        try mergeOK(["--kubeconfig", path], Self.envelope([Self.cluster("c-cluster", alias: "c")], identity: "prod-admin"))
        XCTAssertEqual(try kubectl(path, ["config", "current-context"]), "a\n")
        let before = try view(path)

        // Only integration dev/eks/b of dev-admin.
        var out = try mergeOK(["--kubeconfig", path, "--remove"],
                              Self.envelope([["name": "b-cluster", "integration": "dev/eks/b"]], identity: "dev-admin"))
        var files = (out["kubeconfig"] as? [String: Any])?["files"] as? [[String: Any]]
        XCTAssertEqual(files?.first?["contexts"] as? [String], ["b"])
        XCTAssertEqual(files?.first?["changed"] as? Bool, true)
        XCTAssertEqual(try kubectl(path, ["config", "get-contexts", "-o", "name"]).split(separator: "\n").sorted(),
                       ["a", "c", "foreign", "look-alike"])

        // All of dev-admin: a goes, the current context pointed at it and is cleared.
        let r = try merge(["--kubeconfig", path, "--remove"], Self.envelope([], identity: "dev-admin"))
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stderr.contains("✓ EKS kubeconfig removed: a"), r.stderr)
        let after = try view(path)
        XCTAssertEqual(Self.named(after, "contexts").keys.sorted(), ["c", "foreign", "look-alike"])
        // a-cluster's entry stays: the hand-made look-alike context still points at it.
        XCTAssertEqual(Self.named(after, "clusters").keys.sorted(), ["arn:aws:eks:us-east-2:123456789012:cluster/a-cluster",
                                                                      "arn:aws:eks:us-east-2:123456789012:cluster/c-cluster", "foreign"])
        XCTAssertEqual(Self.named(after, "users").keys.sorted(), ["foreign-user", try Self.identityUser("prod-admin", "arn:aws:eks:us-east-2:123456789012:cluster/c-cluster")])
        XCTAssertEqual(after["current-context"] as? String ?? "", "")
        for section in ["clusters", "users", "contexts"] {
            let b = Self.named(before, section), a = Self.named(after, section)
            for (name, entry) in a { XCTAssertEqual(b[name], entry, "\(section)/\(name) changed") }
        }
        try assertNoDebris(path)

        // Nothing left for dev-admin: unchanged, not rewritten.
        out = try mergeOK(["--kubeconfig", path, "--remove"], Self.envelope([], identity: "dev-admin"))
        files = (out["kubeconfig"] as? [String: Any])?["files"] as? [[String: Any]]
        XCTAssertEqual(files?.first?["changed"] as? Bool, false)
        XCTAssertEqual(files?.first?["contexts"] as? [String], [])
    }

    /// Two identities signed in to one cluster share its cluster entry but each has its own
    /// user, so logging one out leaves the other's context working.
    func testTwoIdentitiesOnOneClusterLogOutIndependently() throws {
        let path = dir.appendingPathComponent("config").path
        try mergeOK(["--kubeconfig", path], Self.envelope([Self.cluster("shared", alias: "as-admin")], identity: "admin"))
        try mergeOK(["--kubeconfig", path], Self.envelope([Self.cluster("shared", alias: "as-reader")], identity: "reader"))
        let arn = "arn:aws:eks:us-east-2:123456789012:cluster/shared"
        XCTAssertEqual(try kubectl(path, ["config", "view", "-o", "jsonpath={.contexts[?(@.name==\"as-admin\")].context.user}"]), try Self.identityUser("admin", arn))
        XCTAssertEqual(try kubectl(path, ["config", "view", "-o", "jsonpath={.contexts[?(@.name==\"as-reader\")].context.user}"]), try Self.identityUser("reader", arn))

        try mergeOK(["--kubeconfig", path, "--remove"], Self.envelope([], identity: "reader"))
        let after = try view(path)
        XCTAssertEqual(Self.named(after, "contexts").keys.sorted(), ["as-admin"])
        XCTAssertEqual(Self.named(after, "clusters").keys.sorted(), [arn], "still used by as-admin")
        XCTAssertEqual(Self.named(after, "users").keys.sorted(), [try Self.identityUser("admin", arn)])
        let args = try kubectl(path, ["config", "view", "-o", "jsonpath={.users[0].user.exec.args}"])
        XCTAssertTrue(args.contains("\"--identity\",\"admin\""), args)

        try mergeOK(["--kubeconfig", path, "--remove"], Self.envelope([], identity: "admin"))
        XCTAssertEqual(Self.named(try view(path), "clusters").count, 0, "the last user of the cluster is gone")
    }

    /// Logout before any login: no file, no directory, no lock appears.
    func testRemoveFromAMissingFileCreatesNothing() throws {
        let missing = dir.appendingPathComponent("not/there/config").path
        let out = try mergeOK(["--kubeconfig", missing, "--remove"], Self.envelope([], identity: "dev-admin"))
        XCTAssertFalse(FileManager.default.fileExists(atPath: dir.appendingPathComponent("not").path))
        XCTAssertFalse(FileManager.default.fileExists(atPath: home.appendingPathComponent(".config/ekspipe").path))
        let files = (out["kubeconfig"] as? [String: Any])?["files"] as? [[String: Any]]
        XCTAssertEqual(files?.count, 0)
    }

    func testRemoveDeletesAFileEkspipeCreatedOnceEmpty() throws {
        let path = home.appendingPathComponent(".config/ekspipe/kube/config").path
        try mergeOK([], Self.envelope([Self.cluster("a-cluster", alias: "a")], identity: "dev-admin"))
        try mergeOK([], Self.envelope([Self.cluster("b-cluster", alias: "b")], identity: "ops"))
        try mergeOK(["--remove"], Self.envelope([], identity: "dev-admin"))
        XCTAssertTrue(FileManager.default.fileExists(atPath: path), "ops' entries are still there")
        let out = try mergeOK(["--remove"], Self.envelope([], identity: "ops"))
        XCTAssertFalse(FileManager.default.fileExists(atPath: path))
        let files = (out["kubeconfig"] as? [String: Any])?["files"] as? [[String: Any]]
        XCTAssertEqual(files?.first?["deleted"] as? Bool, true)
        try assertNoDebris(path)
    }

    func testRemoveKeepsTheTargetOfASymlinkedFile() throws {
        let real = dir.appendingPathComponent("ekspipe-config").path
        let link = dir.appendingPathComponent("config").path
        try mergeOK(["--kubeconfig", real], Self.envelope([Self.cluster("a-cluster", alias: "a")]))
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: real)
        try mergeOK(["--kubeconfig", link, "--remove"], Self.envelope([]))
        XCTAssertEqual(try FileManager.default.destinationOfSymbolicLink(atPath: link), real)
        XCTAssertEqual(try kubectl(link, ["config", "get-contexts", "-o", "name"]), "", "entries removed, file kept for the link")
    }

    func testRemoveKeepsAFileTheUserCreated() throws {
        let path = dir.appendingPathComponent("config").path
        _ = try kubectl(path, ["config", "set", "preferences.colors", "true"])
        try mergeOK(["--kubeconfig", path], Self.envelope([Self.cluster("a-cluster", alias: "a")], identity: nil, profile: "dev", config: nil))
        try mergeOK(["--kubeconfig", path, "--remove"], Self.envelope([], identity: nil, profile: "dev", config: nil))
        XCTAssertTrue(FileManager.default.fileExists(atPath: path))
        XCTAssertEqual(try kubectl(path, ["config", "get-contexts", "-o", "name"]), "")
    }

    func testRemoveNeedsSomethingToMatch() throws {
        let r = try merge(["--remove"], Self.envelope([], identity: nil, profile: nil, config: nil))
        XCTAssertEqual(r.status, 2)
        XCTAssertTrue(r.stderr.contains("nothing says which entries to remove"), r.stderr)
        // Bad input changes nothing on disk: not even the default file's directory is made.
        XCTAssertFalse(FileManager.default.fileExists(atPath: home.appendingPathComponent(".config/ekspipe").path))
    }
}
