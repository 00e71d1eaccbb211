import Foundation
import XCTest

/// A kubeconfig in a directory another user controls is refused with the fix in the message,
/// and nothing is written or created anywhere. Another user is simulated as root by chown to
/// uid 65534 (nobody) and chmod, inside the test's own directory.
final class KubeconfigMergeTrustTests: KubeconfigMergeTestCase {
    let nobody: uid_t = 65534

    override func setUpWithError() throws {
        try super.setUpWithError()
        guard getuid() == 0 else { throw XCTSkip("simulating another user's directory needs root (chown)") }
    }

    /// Every path under `root`, to prove a refused run created nothing.
    func tree(_ root: URL) -> Set<String> {
        Set((FileManager.default.enumerator(atPath: root.path)?.allObjects as? [String]) ?? [])
    }

    func testDirectoryOfAnotherUserOrWritableByOthersIsRefused() throws {
        let cases: [(String, uid_t?, mode_t, String)] = [
            ("theirs", nobody, 0o777, "belongs to uid 65534"),
            ("theirs-private", nobody, 0o755, "belongs to uid 65534"),
            ("world", nil, 0o777, "writable by group and others (mode 0777)"),
            ("group", nil, 0o775, "writable by its group (mode 0775)"),
        ]
        for (name, owner, mode, reason) in cases {
            let d = dir.appendingPathComponent(name)
            try FileManager.default.createDirectory(at: d, withIntermediateDirectories: true)
            if let owner { XCTAssertEqual(chown(d.path, owner, owner), 0) }
            XCTAssertEqual(chmod(d.path, mode), 0)
            for path in [d.appendingPathComponent("config").path, d.appendingPathComponent("sub/config").path] {
                let before = tree(home)
                let r = try merge(["--kubeconfig", path], Self.envelope([Self.cluster("dev-cluster")]))
                XCTAssertEqual(r.status, 1, "\(name): \(r.stderr)")
                XCTAssertTrue(r.stderr.hasPrefix("kubeconfig-merge: refusing \(d.path) for the kubeconfig \(path): "), r.stderr)
                XCTAssertTrue(r.stderr.contains(reason), "\(name): \(r.stderr)")
                XCTAssertTrue(r.stderr.contains(owner == nil ? "fix: chmod go-w '\(d.path)'" : "use a directory of your own"), r.stderr)
                XCTAssertEqual(tree(home), before, "\(name): something was created")
            }
        }
    }

    /// A shared sticky directory like /tmp: a link planted there by another user, dangling or
    /// not, is not followed; a file another user owns there is neither read nor replaced; the
    /// user's own new file and own link work.
    func testSharedStickyDirectory() throws {
        let shared = dir.appendingPathComponent("shared")
        try FileManager.default.createDirectory(at: shared, withIntermediateDirectories: true)
        XCTAssertEqual(chmod(shared.path, 0o1777), 0)
        let victim = home.appendingPathComponent("victim")
        try FileManager.default.createDirectory(at: victim, withIntermediateDirectories: true)
        let existing = victim.appendingPathComponent("existing").path
        _ = try kubectl(existing, ["config", "set-cluster", "mine", "--server", "https://mine"])
        let existingBytes = bytes(existing)

        for (name, destination) in [("dangling", victim.appendingPathComponent("created").path), ("to-existing", existing)] {
            let link = shared.appendingPathComponent(name).path
            try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: destination)
            XCTAssertEqual(lchown(link, nobody, nobody), 0)
            let before = tree(home)
            let r = try merge(["--kubeconfig", link], Self.envelope([Self.cluster("dev-cluster")]))
            XCTAssertEqual(r.status, 1, "\(name): \(r.stderr)")
            XCTAssertTrue(r.stderr.contains("\(link) is a symbolic link belonging to uid 65534"), r.stderr)
            XCTAssertTrue(r.stderr.contains("does not follow it"), r.stderr)
            XCTAssertTrue(r.stderr.contains("remove it or name another path"), r.stderr)
            XCTAssertEqual(tree(home), before, "\(name): something was created")
            XCTAssertFalse(FileManager.default.fileExists(atPath: victim.appendingPathComponent("created").path))
            XCTAssertEqual(bytes(existing), existingBytes)
        }

        let theirs = shared.appendingPathComponent("theirs").path
        let planted = "apiVersion: v1\nkind: Config\nusers:\n- name: planted\n  user:\n    exec: {command: /tmp/evil, apiVersion: client.authentication.k8s.io/v1beta1}\n"
        FileManager.default.createFile(atPath: theirs, contents: Data(planted.utf8))
        XCTAssertEqual(chown(theirs, nobody, nobody), 0)
        let r = try merge(["--kubeconfig", theirs], Self.envelope([Self.cluster("dev-cluster")]))
        XCTAssertEqual(r.status, 1, r.stderr)
        XCTAssertTrue(r.stderr.contains("\(theirs) belongs to uid 65534"), r.stderr)
        XCTAssertEqual(bytes(theirs), Data(planted.utf8))
        XCTAssertFalse(FileManager.default.fileExists(atPath: theirs + ".lock"))

        // The user's own files there are fine: a new one, and a link of their own.
        let own = shared.appendingPathComponent("own").path
        try mergeOK(["--kubeconfig", own], Self.envelope([Self.cluster("dev-cluster", alias: "dev-eks")]))
        XCTAssertEqual(try mode(own), 0o600)
        let ownLink = shared.appendingPathComponent("own-link").path
        try FileManager.default.createSymbolicLink(atPath: ownLink, withDestinationPath: existing)
        try mergeOK(["--kubeconfig", ownLink], Self.envelope([Self.cluster("dev-cluster", alias: "dev-eks")]))
        XCTAssertEqual(try kubectl(existing, ["config", "get-contexts", "-o", "name"]), "dev-eks\n")
        try assertNoDebris(own)
    }
}
