import Foundation
import XCTest

/// `ekspipe auth logout NAME` as login takes it, and `--dry-run`: what would be removed (the
/// cached credentials, each kubeconfig context and file, the SSO sign-out) with every file left
/// byte for byte as it was.
final class FlowLogoutDryRunTests: FlowTestCase {
    /// Every file under the scratch HOME with its bytes (the credential cache, the kubeconfigs).
    func snapshot() throws -> [String: Data] {
        var out: [String: Data] = [:]
        let e = FileManager.default.enumerator(atPath: home.path)
        while let rel = e?.nextObject() as? String {
            let p = home.appendingPathComponent(rel).path
            var dir: ObjCBool = false
            if FileManager.default.fileExists(atPath: p, isDirectory: &dir), !dir.boolValue { out[rel] = try Data(contentsOf: URL(fileURLWithPath: p)) }
        }
        return out
    }

    func testDryRunSaysWhatWouldGoAndChangesNothing() throws {
        try writeAtmos()
        try login("dev-admin")
        try login("dev-user")
        let before = try snapshot()
        XCTAssertTrue(before.keys.contains { $0.hasPrefix(".cache/ekspipe/credentials/") }, "a login caches credentials: \(before.keys)")

        let r = try ekspipe(["auth", "logout", "dev-admin", "--dry-run", "--provider", "--config", atmosPath])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertEqual(r.out, "")
        XCTAssertTrue(r.stderr.contains("Would remove the cached credentials of dev-admin (1 entry)\n"), r.stderr)
        XCTAssertTrue(r.stderr.contains("No SSO sign-out: the identity uses no provider\n"), r.stderr)
        XCTAssertTrue(r.stderr.contains("Would remove EKS kubeconfig context dev-eks from ~/.config/ekspipe/kube/config\n"), r.stderr)
        XCTAssertTrue(r.stderr.contains("Would remove EKS kubeconfig context stage-eks from ~/.config/ekspipe/kube/config\n"), r.stderr)
        XCTAssertFalse(r.stderr.contains("user-eks"), "dev-user's entries stay: \(r.stderr)")
        XCTAssertTrue(r.stderr.hasSuffix("Dry run: nothing removed for dev-admin\n"), r.stderr)
        XCTAssertEqual(try snapshot(), before, "every file byte for byte as it was")

        // The last identity's entries leave an empty file ekspipe made: it would be deleted.
        let logout = try ekspipe(["auth", "logout", "dev-admin", "--config", atmosPath])
        XCTAssertEqual(logout.status, 0, logout.stderr)
        XCTAssertEqual(try contexts(ekspipeKubeconfig), ["user-eks"])
        let after = try snapshot()
        let last = try ekspipe(["auth", "logout", "--dry-run", "-i", "dev-user", "--config", atmosPath])
        XCTAssertEqual(last.status, 0, last.stderr)
        XCTAssertTrue(last.stderr.contains("Would remove EKS kubeconfig context user-eks from ~/.config/ekspipe/kube/config\n"), last.stderr)
        XCTAssertTrue(last.stderr.contains("Would delete ~/.config/ekspipe/kube/config (nothing else left in it)\n"), last.stderr)
        XCTAssertEqual(try snapshot(), after)
    }

    func testLogoutTakesTheIdentityAsItsArgument() throws {
        try writeAtmos()
        try login("dev-admin")
        try login("dev-user")
        let r = try ekspipe(["auth", "logout", "dev-admin", "--config", atmosPath])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stderr.contains("✓ Credentials of dev-admin removed from the cache (1 entry)"), r.stderr)
        XCTAssertTrue(r.stderr.contains("Logged out: dev-admin"), r.stderr)
        XCTAssertEqual(try contexts(ekspipeKubeconfig), ["user-eks"])
        // One name only, and not with --all.
        let two = try ekspipe(["auth", "logout", "dev-admin", "dev-user", "--config", atmosPath])
        XCTAssertEqual(two.status, 2, two.stderr)
        XCTAssertTrue(two.stderr.contains("unexpected argument dev-user"), two.stderr)
        let all = try ekspipe(["auth", "logout", "dev-user", "--all", "--config", atmosPath])
        XCTAssertEqual(all.status, 2, all.stderr)
        XCTAssertEqual(try contexts(ekspipeKubeconfig), ["user-eks"])
    }

    func testTheToolsDryRunsAreTheirOwn() throws {
        try writeAtmos()
        try login("dev-admin")
        let before = try snapshot()
        let cr = try Harness.run("creds-resolve", ["-i", "dev-admin", "--config", atmosPath, "--logout", "--dry-run"], env: env())
        XCTAssertEqual(cr.status, 0, cr.stderr)
        XCTAssertEqual(try cr.json()["removed"] as? Int, 1)
        let km = try Harness.run("kubeconfig-merge", ["--remove", "--logout", "--dry-run"], env: env(), stdin: cr.stdout)
        XCTAssertEqual(km.status, 0, km.stderr)
        XCTAssertFalse(km.out.contains("dev-eks"), "the YAML left: \(km.out)")
        XCTAssertTrue(km.stderr.contains("Would remove EKS kubeconfig context dev-eks"), km.stderr)
        XCTAssertEqual(try snapshot(), before)
        let bad = try Harness.run("creds-resolve", ["-i", "dev-admin", "--config", atmosPath, "--dry-run"], env: env())
        XCTAssertEqual(bad.status, 2)
        XCTAssertTrue(bad.stderr.contains("--dry-run goes with --logout"), bad.stderr)
    }
}
