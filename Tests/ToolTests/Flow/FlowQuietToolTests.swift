import Foundation
import XCTest

/// Each tool's own --quiet, run as in a pipeline (the flows' tests are in FlowQuietTests.swift).
extension FlowQuietTests {
    func run(_ tool: String, _ args: [String], stdin: Data? = nil, env extra: [String: String] = [:]) throws -> Harness.Result {
        try Harness.run(tool, args, env: env(extra), stdin: stdin)
    }

    func testCredsResolveAndKubeconfigMergeQuiet() throws {
        try writeAtmos()
        let quiet = try run("creds-resolve", ["--identity", "dev-admin", "--config", atmosPath, "--progress", "-q"])
        XCTAssertEqual(quiet.status, 0, quiet.stderr)
        XCTAssertEqual(quiet.stderr, "")
        XCTAssertNotNil(try quiet.json()["credentials"])
        let loud = try run("creds-resolve", ["--identity", "dev-admin", "--config", atmosPath, "--progress"])
        XCTAssertTrue(loud.stderr.hasPrefix("✓ Authenticated as dev-admin"), loud.stderr)

        // The identity's two clusters and one that does not exist: eks-describe names the failed
        // one even when quiet (it is its error: exit 3), kubeconfig-merge skips it quietly.
        let described = try run("eks-describe", ["--quiet", "--name", "missing-cluster", "--region", "us-east-2"], stdin: quiet.stdout)
        XCTAssertEqual(described.status, 3, described.stderr)
        XCTAssertEqual(described.stderr, "eks-describe: missing-cluster (us-east-2): ResourceNotFoundException: No cluster found for name: missing-cluster.\n")
        let merged = try run("kubeconfig-merge", ["-q"], stdin: described.stdout)
        XCTAssertEqual(merged.status, 0, merged.stderr)
        XCTAssertEqual(merged.stderr, "")
        XCTAssertEqual(try contexts(ekspipeKubeconfig), ["dev-eks", "stage-eks"])
        let other = home.appendingPathComponent("other/config").path
        let loudMerge = try run("kubeconfig-merge", ["--kubeconfig", other], stdin: described.stdout)
        XCTAssertEqual(loudMerge.status, 0, loudMerge.stderr)
        XCTAssertTrue(loudMerge.stderr.contains("kubeconfig-merge: skipping cluster missing-cluster"), loudMerge.stderr)
        XCTAssertTrue(loudMerge.stderr.contains("✓ EKS kubeconfig: dev-eks → "), loudMerge.stderr)

        // Errors are never quiet.
        let bad = try run("kubeconfig-merge", ["--quiet"], stdin: Data("not json".utf8), env: ["EKSPIPE_QUIET": "1"])
        XCTAssertEqual(bad.status, 2)
        XCTAssertTrue(bad.stderr.hasPrefix("kubeconfig-merge: "), bad.stderr)
        let noCreds = try run("creds-resolve", ["-q", "--profile", "nowhere"])
        XCTAssertEqual(noCreds.status, 1)
        XCTAssertTrue(noCreds.stderr.hasPrefix("creds-resolve: "), noCreds.stderr)
    }

    /// eks-describe's progress lines (on a terminal, more than three clusters) go under -q.
    func testEksDescribeProgressOnATerminal() throws {
        var args: [String] = []
        for c in FlowWorld.clusters { args += ["--name", c.name, "--region", c.region] }
        let keys = ["AWS_ACCESS_KEY_ID": world.userKeys.accessKeyId, "AWS_SECRET_ACCESS_KEY": world.userKeys.secretAccessKey]
        func screen(_ extra: [String]) throws -> (Int32, String) {
            let r = try PseudoTerminalRun([Harness.tool("eks-describe")] + extra + args, env: env(keys), captureOutput: false).finish()
            return (r.status, r.screen)
        }
        let (loudStatus, loud) = try screen([])
        XCTAssertEqual(loudStatus, 0, loud)
        XCTAssertTrue(loud.contains("eks-describe: describing 4 clusters in 3 regions"), loud)
        let (quietStatus, quiet) = try screen(["-q"])
        XCTAssertEqual(quietStatus, 0, quiet)
        XCTAssertTrue(quiet.contains("\"clusters\""), "the envelope is printed: \(quiet)")
        XCTAssertFalse(quiet.contains("eks-describe:"), quiet)
    }
}
