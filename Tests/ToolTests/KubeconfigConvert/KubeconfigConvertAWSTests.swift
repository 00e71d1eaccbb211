import Foundation
import XCTest

/// `ekspipe kubeconfig convert` on kubeconfigs the real `aws eks update-kubeconfig` wrote
/// (against moto): the real kubectl signs in to the fake EKS API as the same caller before and
/// after, so the converted entry means the same cluster, region, profile and role.
final class KubeconfigConvertAWSTests: FlowTestCase {
    static let userClusterArn = "arn:aws:eks:us-east-2:\(MotoServer.accountID):cluster/user-cluster"

    /// `aws eks update-kubeconfig ARGS --kubeconfig K` with the test's environment plus `extra`.
    func awsUpdate(_ args: [String], kubeconfig: String, env extra: [String: String] = [:]) throws {
        let aws = try XCTUnwrap(BackgroundProcess.which("aws"), "aws CLI not on PATH (run scripts/setup)")
        let r = try Harness.run(aws, ["eks", "update-kubeconfig"] + args + ["--kubeconfig", kubeconfig], env: env(extra), timeout: 120)
        XCTAssertEqual(r.status, 0, "aws eks update-kubeconfig \(args): \(r.stderr)")
    }

    /// The exec mapping of each user according to `kubectl config view --raw`.
    func execs(in kubeconfig: String) throws -> [String: [String: Any]] {
        let r = try kubectl(["config", "view", "--raw", "-o", "json"], kubeconfig: kubeconfig)
        XCTAssertEqual(r.status, 0, r.stderr)
        let users = try XCTUnwrap(try r.json()["users"] as? [[String: Any]])
        var out: [String: [String: Any]] = [:]
        for u in users {
            if let name = u["name"] as? String, let e = (u["user"] as? [String: Any])?["exec"] as? [String: Any] { out[name] = e }
        }
        return out
    }

    /// The caller ARN the fake API saw for kubectl running the AWS CLI's entry, without the
    /// moto endpoint (with it, the AWS CLI presigns the token for moto's address).
    func referenceArn(_ context: String, cluster: String, kubeconfig: String) throws -> String {
        var e = env(["KUBECONFIG": kubeconfig])
        e["AWS_ENDPOINT_URL"] = nil
        let before = world.kubes[cluster]?.decisions().count ?? 0
        let kubectl = BackgroundProcess.which("kubectl") ?? "/usr/local/bin/kubectl"
        let k = try Harness.run(kubectl, ["--context", context, "get", "namespaces", "-o", "name"], env: e, timeout: 120)
        XCTAssertEqual(k.status, 0, k.stderr)
        XCTAssertGreaterThan(world.kubes[cluster]?.decisions().count ?? 0, before, "no request reached \(cluster)")
        return world.kubes[cluster]?.decisions().last?["arn"] as? String ?? ""
    }

    func env(of exec: [String: Any]) -> [String: String] {
        Dictionary(uniqueKeysWithValues: (exec["env"] as? [[String: String]] ?? []).map { ($0["name"] ?? "", $0["value"] ?? "") })
    }

    func testConvertsWhatTheAWSCLIWroteAndSignsAsTheSameCaller() throws {
        try writeUserProfile()
        let kc = home.appendingPathComponent("kube/config").path
        // As people run it: the profile from AWS_PROFILE (--profile writes the same env), the
        // region given; and a role with its own context and user names.
        try awsUpdate(["--name", "user-cluster", "--region", "us-east-2"], kubeconfig: kc, env: ["AWS_PROFILE": "flow"])
        try awsUpdate(["--name", "dev-cluster", "--region", "us-east-2", "--role-arn", world.roleArn,
                       "--alias", "dev-admin", "--user-alias", "dev-admin-user"], kubeconfig: kc, env: ["AWS_PROFILE": "flow"])
        let written = try execs(in: kc)
        XCTAssertEqual(written["dev-admin-user"]?["command"] as? String, "aws")
        XCTAssertEqual(written["dev-admin-user"]?["args"] as? [String],
                       ["--region", "us-east-2", "eks", "get-token", "--cluster-name", "dev-cluster", "--output", "json", "--role", world.roleArn],
                       "what the AWS CLI writes (--role, a prefix of get-token's --role-arn)")

        // The reference: kubectl running aws eks get-token (the role's entry cannot be one:
        // the AWS CLI would presign for moto's address, which EKS, and the fake, refuse).
        XCTAssertEqual(try referenceArn(Self.userClusterArn, cluster: "user-cluster", kubeconfig: kc), world.userArn)

        let r = try ekspipe(["kubeconfig", "convert", "--kubeconfig", kc])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertEqual(r.out, "")
        for user in [Self.userClusterArn, "dev-admin-user"] {
            XCTAssertTrue(r.stderr.contains("✓ user \(user): aws eks get-token → eks-presign"), r.stderr)
        }
        let presign = URL(fileURLWithPath: Harness.tool("eks-presign")).resolvingSymlinksInPath().path
        let converted = try execs(in: kc)
        let user = try XCTUnwrap(converted[Self.userClusterArn]), admin = try XCTUnwrap(converted["dev-admin-user"])
        for e in [user, admin] {
            XCTAssertEqual(e["command"] as? String, presign)
            XCTAssertEqual(e["interactiveMode"] as? String, "Never")
            XCTAssertEqual(e["apiVersion"] as? String, written[Self.userClusterArn]?["apiVersion"] as? String)
            XCTAssertEqual(env(of: e), ["AWS_PROFILE": "flow"], "the profile stays in the entry's env: \(e)")
        }
        XCTAssertEqual(user["args"] as? [String], ["--cluster-name", "user-cluster", "--region", "us-east-2"])
        XCTAssertEqual(admin["args"] as? [String], ["--cluster-name", "dev-cluster", "--region", "us-east-2", "--role-arn", world.roleArn])

        XCTAssertEqual(try signedArn(Self.userClusterArn, cluster: "user-cluster", kubeconfig: kc), world.userArn)
        XCTAssertTrue(try signedArn("dev-admin", cluster: "dev-cluster", kubeconfig: kc).hasPrefix(world.assumedRoleArnPrefix()),
                      "the role of --role-arn")

        // Converting again changes nothing.
        let bytes = try Data(contentsOf: URL(fileURLWithPath: kc))
        let again = try ekspipe(["kubeconfig", "convert", "--kubeconfig", kc])
        XCTAssertEqual(again.status, 0, again.stderr)
        XCTAssertTrue(again.stderr.contains("nothing to convert"), again.stderr)
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: kc)), bytes)
    }
}
