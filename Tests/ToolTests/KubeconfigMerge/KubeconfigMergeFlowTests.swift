import Foundation
import XCTest

/// The flags that let `ekspipe` run kubeconfig-merge as a stage without reading its envelope:
/// `--progress` (no note for clusters eks-describe already warned about; nothing to write is
/// not an error), `--login-summary` (the login's closing lines) and `--remove --logout` (every
/// entry of the identity, also in the default file and of integrations since removed).
final class KubeconfigMergeFlowTests: KubeconfigMergeTestCase {
    static func failed(_ name: String, alias: String) -> [String: Any] {
        ["name": name, "region": "us-east-2", "alias": alias, "error": ["code": "ResourceNotFoundException", "message": "No cluster found"]]
    }

    func testProgressSkipsFailedClustersQuietlyAndSummarizesTheLogin() throws {
        let path = dir.appendingPathComponent("config").path
        let r = try merge(["--kubeconfig", path, "--progress", "--login-summary"],
                          Self.envelope([Self.cluster("a-cluster", alias: "a"), Self.failed("gone", alias: "g")]))
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stderr.contains("✓ EKS kubeconfig: a → "), r.stderr)
        XCTAssertFalse(r.stderr.contains("skipping cluster"), "eks-describe --progress warned already: \(r.stderr)")
        XCTAssertTrue(r.stderr.contains("Logged in as dev-admin: 1 of 2 EKS clusters in kubeconfig, 1 failed (see ⚠ above)."), r.stderr)
        XCTAssertTrue(r.stderr.contains("Use them with: ekspipe auth exec --identity dev-admin -- kubectl ..."), r.stderr)

        // Without --progress the note is still there (a person running the stage alone).
        let plain = try merge(["--kubeconfig", path], Self.envelope([Self.cluster("a-cluster", alias: "a"), Self.failed("gone", alias: "g")]))
        XCTAssertEqual(plain.status, 0, plain.stderr)
        XCTAssertTrue(plain.stderr.contains("kubeconfig-merge: skipping cluster gone"), plain.stderr)
        XCTAssertFalse(plain.stderr.contains("Logged in as"), plain.stderr)

        let all = try merge(["--kubeconfig", path, "--login-summary"], Self.envelope([Self.cluster("a-cluster", alias: "a")]))
        XCTAssertTrue(all.stderr.contains("Logged in as dev-admin: 1 EKS kubeconfig context ready."), all.stderr)
    }

    func testProgressWithNothingToWriteSucceedsAndWritesNothing() throws {
        let path = dir.appendingPathComponent("config").path
        let r = try merge(["--kubeconfig", path, "--progress", "--login-summary"], Self.envelope([Self.failed("gone", alias: "g")]))
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stderr.contains("Logged in as dev-admin: 0 of 1 EKS clusters in kubeconfig, 1 failed"), r.stderr)
        XCTAssertFalse(r.stderr.contains("Use them with"), r.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: path))
        let files = (try r.json()["kubeconfig"] as? [String: Any])?["files"] as? [Any]
        XCTAssertEqual(files?.count, 0)

        let none = try merge(["--kubeconfig", path, "--login-summary"], Self.envelope([]))
        XCTAssertEqual(none.status, 0, none.stderr)
        XCTAssertTrue(none.stderr.contains("No auto-provisioned EKS integrations for dev-admin."), none.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: path))

        // Without --progress both stay errors.
        XCTAssertEqual(try merge(["--kubeconfig", path], Self.envelope([Self.failed("gone", alias: "g")])).status, 1)
        XCTAssertEqual(try merge(["--kubeconfig", path], Self.envelope([])).status, 2)
        XCTAssertEqual(try merge(["--progress", "--remove"], Self.envelope([])).status, 2)
    }

    func testRemoveLogoutTakesEveryEntryOfTheIdentityAlsoFromTheDefaultFile() throws {
        let own = dir.appendingPathComponent("own").path
        let xdg = home.appendingPathComponent(".config").path
        let defaultFile = xdg + "/ekspipe/kube/config"
        let env = ["XDG_CONFIG_HOME": xdg]
        // In the default file: an entry of an integration since removed from the config, and
        // another identity's; in the integration's own file: the current one.
        XCTAssertEqual(try merge([], Self.envelope([Self.cluster("old", alias: "old", integration: "old/eks")]), extraEnv: env).status, 0)
        XCTAssertEqual(try merge([], Self.envelope([Self.cluster("other", alias: "other")], identity: "someone-else"), extraEnv: env).status, 0)
        let current = Self.cluster("cur", alias: "cur", integration: "cur/eks", kubeconfig: ["path": own])
        XCTAssertEqual(try merge([], Self.envelope([current]), extraEnv: env).status, 0)

        // As `creds-resolve --logout` reports the identity: its current integrations only.
        let r = try merge(["--remove", "--logout"], Self.envelope([current]), extraEnv: env)
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stderr.contains("✓ EKS kubeconfig removed: cur"), r.stderr)
        XCTAssertTrue(r.stderr.contains("✓ EKS kubeconfig removed: old"), r.stderr)
        XCTAssertEqual(try kubectl(defaultFile, ["config", "get-contexts", "-o", "name"]), "other\n")

        // Plain --remove keeps to the clusters' integrations and files.
        XCTAssertEqual(try merge([], Self.envelope([Self.cluster("old", alias: "old", integration: "old/eks")]), extraEnv: env).status, 0)
        XCTAssertEqual(try merge(["--remove"], Self.envelope([current]), extraEnv: env).status, 0)
        XCTAssertEqual(try kubectl(defaultFile, ["config", "get-contexts", "-o", "name"]).split(separator: "\n").sorted(), ["old", "other"])
        XCTAssertEqual(try merge(["--logout"], Self.envelope([current]), extraEnv: env).status, 2, "--logout goes with --remove")
    }
}
