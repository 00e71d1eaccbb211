import Foundation
import XCTest

/// Entries tell apart the same identity name in two auth configs: by the user name (one user
/// per credential) and by the config in the marker, which `--remove` and `--list` match.
final class KubeconfigMergeIdentityTests: KubeconfigMergeTestCase {
    static let arn = "arn:aws:eks:us-east-2:123456789012:cluster/shared"

    func testSameIdentityInTwoConfigs() throws {
        let path = dir.appendingPathComponent("config").path
        try mergeOK(["--kubeconfig", path], Self.envelope([Self.cluster("shared", alias: "a", integration: "ops/eks")],
                                                          identity: "ops", config: "/p/a/atmos.yaml"))
        try mergeOK(["--kubeconfig", path], Self.envelope([Self.cluster("shared", alias: "b", integration: "ops/eks")],
                                                          identity: "ops", config: "/p/b/atmos.yaml"))
        let jp = { (expr: String) in try self.kubectl(path, ["config", "view", "-o", "jsonpath=\(expr)"]) }
        let a = try jp("{.contexts[?(@.name==\"a\")].context.user}"), b = try jp("{.contexts[?(@.name==\"b\")].context.user}")
        XCTAssertNotEqual(a, b)
        XCTAssertTrue(a.hasPrefix("ops@\(Self.arn)#") && a.count == "ops@\(Self.arn)#".count + 8, a)
        XCTAssertEqual(try jp("{.users[*].user.extensions[0].extension.config}"), "/p/a/atmos.yaml /p/b/atmos.yaml")

        // --list names each config's own contexts, and changes nothing.
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        let listed = try mergeOK(["--kubeconfig", path, "--list"], Self.envelope([], identity: "ops", config: "/p/b/atmos.yaml"))
        let contexts = (listed["kubeconfig"] as? [String: Any])?["contexts"] as? [[String: String]]
        XCTAssertEqual(contexts ?? [], [["path": path, "name": "b", "integration": "ops/eks"]])
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: path)), before)
        let both = try merge(["--kubeconfig", path, "--list", "--remove"], Self.envelope([], identity: "ops"))
        XCTAssertEqual(both.status, 2, both.stderr)

        // --remove for config a leaves b's entries, user included.
        try mergeOK(["--kubeconfig", path, "--remove"], Self.envelope([], identity: "ops", config: "/p/a/atmos.yaml"))
        XCTAssertEqual(try kubectl(path, ["config", "get-contexts", "-o", "name"]), "b\n")
        XCTAssertEqual(try jp("{.users[*].name}"), b)
    }

    /// A marker written before markers named the config matches the identity in any config.
    func testEntriesWithoutAConfigInTheMarkerStillGo() throws {
        let path = dir.appendingPathComponent("config").path
        try mergeOK(["--kubeconfig", path], Self.envelope([Self.cluster("shared", alias: "old")], identity: "ops", config: nil))
        let text = try String(contentsOfFile: path, encoding: .utf8)
        XCTAssertFalse(text.contains("config:"), text)
        try mergeOK(["--kubeconfig", path, "--remove"], Self.envelope([], identity: "ops", config: "/p/a/atmos.yaml"))
        XCTAssertFalse(FileManager.default.fileExists(atPath: path), "the file ekspipe created goes once empty")
    }
}

extension KubeconfigMergeTestCase {
    /// The user name the rule documented in KubeconfigEKSEntry gives an identity's entry:
    /// IDENTITY@ARN#, then the first 8 hex digits of SHA-256("config=CONFIG"), here computed
    /// by sha256sum.
    static func identityUser(_ identity: String, _ arn: String, config: String = "/home/me/project/atmos.yaml") throws -> String {
        let r = try Harness.run("/bin/sh", ["-c", "printf '%s' \"$1\" | sha256sum", "sh", "config=" + config])
        return "\(identity)@\(arn)#" + r.out.prefix(8)
    }
}
