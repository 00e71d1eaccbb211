import Foundation
import XCTest

/// kubeconfig-merge `--default-kubeconfig aws-cli` and `--format aws-cli`, the two halves of
/// `ekspipe aws eks update-kubeconfig --name` (FlowAwsEksTests compares them with the AWS CLI).
final class KubeconfigMergeAWSCLITests: KubeconfigMergeTestCase {
    static let arn = "arn:aws:eks:us-east-2:123456789012:cluster/dev"

    func testFlagsAreChecked() throws {
        for bad in [["--format", "yaml"], ["--verbose"], ["--default-kubeconfig", "kubectl"],
                    ["--format", "aws-cli", "--progress"], ["--format", "aws-cli", "--remove"]] {
            let r = try merge(bad, Self.envelope([Self.cluster("dev")]))
            XCTAssertEqual(r.status, 2, "\(bad): \(r.stderr)")
            XCTAssertEqual(r.out, "", "\(bad)")
        }
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir.path), [], "nothing written")
    }

    /// With no KUBECONFIG, ~/.kube/config; a broken file that is not the one chosen is passed
    /// over (as the AWS CLI does), the chosen one is still refused when broken.
    func testWhereAndWhatItSays() throws {
        let args = ["--default-kubeconfig", "aws-cli", "--format", "aws-cli"]
        let r = try merge(args, Self.envelope([Self.cluster("dev", alias: "dev")]))
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertEqual(r.out, "Added new context dev to \(scratch.userKubeconfig.path)\n")
        XCTAssertEqual(r.stderr, "")

        let broken = dir.appendingPathComponent("broken").path, other = dir.appendingPathComponent("other").path
        try "clusters: [1, 2\n".write(toFile: broken, atomically: true, encoding: .utf8)
        let list = "\(broken):\(other)::\(scratch.userKubeconfig.path)"
        let again = try merge(args + ["--verbose"], Self.envelope([Self.cluster("dev")]), extraEnv: ["KUBECONFIG": list])
        XCTAssertEqual(again.status, 0, again.stderr)
        XCTAssertTrue(again.out.hasPrefix("Updated context \(Self.arn) in \(scratch.userKubeconfig.path)\nEntries:\n\ncontext:\n"), again.out)
        XCTAssertTrue(again.out.hasSuffix("name: \(Self.arn)\n\n"), again.out)
        XCTAssertFalse(FileManager.default.fileExists(atPath: other))

        let first = try merge(args, Self.envelope([Self.cluster("new")]), extraEnv: ["KUBECONFIG": list])
        XCTAssertEqual(first.status, 2, "a cluster no file has goes to the first file, which is broken: \(first.stderr)")
        XCTAssertTrue(first.stderr.contains(broken), first.stderr)
        XCTAssertEqual(try String(contentsOfFile: broken, encoding: .utf8), "clusters: [1, 2\n")
    }

    /// --logout also removes the identity's entries from the files kubectl reads, and leaves a
    /// ~/.kube without any alone, even one it would refuse to write into.
    func testLogoutClearsTheAWSCLIFile() throws {
        let kube = scratch.userKubeconfig.path
        let r = try merge(["--default-kubeconfig", "aws-cli", "--format", "aws-cli"], Self.envelope([Self.cluster("dev", alias: "dev")]))
        XCTAssertEqual(r.status, 0, r.stderr)
        let other = try merge(["--default-kubeconfig", "aws-cli", "--format", "aws-cli"],
                              Self.envelope([Self.cluster("ops", alias: "ops")], identity: "other"))
        XCTAssertEqual(other.status, 0, other.stderr)
        let out = try merge(["--remove", "--logout"], Self.envelope([]))
        XCTAssertEqual(out.status, 0, out.stderr)
        XCTAssertEqual(try kubectl(kube, ["config", "get-contexts", "-o", "name"]), "ops\n")

        // Nothing of dev-admin's left: a ~/.kube others may write is not even looked at.
        let dotKube = home.appendingPathComponent(".kube").path
        XCTAssertEqual(chmod(dotKube, 0o777), 0)
        let again = try merge(["--remove", "--logout"], Self.envelope([]))
        XCTAssertEqual(again.status, 0, again.stderr)
        XCTAssertEqual(again.stderr, "")
    }
}
