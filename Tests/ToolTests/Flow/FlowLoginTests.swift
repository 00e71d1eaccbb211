import Foundation
import XCTest

/// `ekspipe auth login` end to end: creds-resolve → eks-describe (moto) → kubeconfig-merge, then
/// the real kubectl against the fake EKS APIs, authenticating through eks-presign with tokens the
/// fakes verify (signature included) against the keys moto issued.
final class FlowLoginTests: FlowTestCase {
    func testStaticKeyIdentity() throws {
        try writeAtmos()
        let r = try login("dev-user")
        XCTAssertTrue(r.stderr.contains("✓ EKS kubeconfig: user-eks → ~/.config/ekspipe/kube/config"), r.stderr)
        XCTAssertTrue(r.stderr.contains("✓ Authenticated as dev-user (aws/user"), r.stderr)
        assertNoSecrets(r.stderr)
        XCTAssertEqual(try contexts(ekspipeKubeconfig), ["user-eks"], "only dev-user's integration")

        let k = try kubectl(["--context", "user-eks", "get", "namespaces"], kubeconfig: ekspipeKubeconfig)
        XCTAssertEqual(k.status, 0, k.stderr)
        XCTAssertTrue(k.out.contains("kube-system"), k.out)
        let d = try XCTUnwrap(lastDecision("user-cluster"))
        XCTAssertEqual(d["ok"] as? Bool, true, "\(d)")
        XCTAssertEqual(d["arn"] as? String, world.userArn, "the user's session signed the token")
        XCTAssertEqual(d["accessKeyId"] as? String, world.sessionKeys.accessKeyId, "a GetSessionToken session, not the long-term key")
    }

    func testAssumedRoleIdentityAllAutoProvisionClusters() throws {
        try writeAtmos()
        let r = try login("dev-admin")
        XCTAssertTrue(r.stderr.contains("✓ EKS kubeconfig: dev-eks → ~/.config/ekspipe/kube/config"), r.stderr)
        XCTAssertTrue(r.stderr.contains("✓ EKS kubeconfig: stage-eks → ~/.config/ekspipe/kube/config"), r.stderr)
        XCTAssertFalse(r.stderr.contains("⚠"), r.stderr)
        assertNoSecrets(r.stderr)
        XCTAssertEqual(try contexts(ekspipeKubeconfig), ["dev-eks", "stage-eks"], "auto_provision ones only")

        // The file is the user's alone; its exec entries run eks-presign by absolute path.
        let attrs = try FileManager.default.attributesOfItem(atPath: ekspipeKubeconfig)
        XCTAssertEqual((attrs[.posixPermissions] as? NSNumber)?.intValue, 0o600)
        let text = try String(contentsOfFile: ekspipeKubeconfig, encoding: .utf8)
        XCTAssertTrue(text.contains("command: \(Harness.binDir.resolvingSymlinksInPath().path)/eks-presign")
                      || text.contains("command: \(Harness.binDir.path)/eks-presign"), text)

        for (context, cluster) in [("dev-eks", "dev-cluster"), ("stage-eks", "stage-cluster")] {
            let k = try kubectl(["--context", context, "get", "namespaces", "-o", "name"], kubeconfig: ekspipeKubeconfig)
            XCTAssertEqual(k.status, 0, k.stderr)
            XCTAssertTrue(k.out.contains("namespace/default"), k.out)
            let d = try XCTUnwrap(lastDecision(cluster))
            XCTAssertEqual(d["ok"] as? Bool, true, "\(d)")
            XCTAssertTrue((d["arn"] as? String ?? "").hasPrefix(world.assumedRoleArnPrefix()), "\(d)")
        }
        // What makes the answers above mean something: a token for dev-cluster, with the same
        // identity, is refused by stage-cluster's API (each fake checks its cluster id, signed).
        let stage = try XCTUnwrap(world.kubes["stage-cluster"])
        let crossed = try stage.writeKubeconfig(in: home, command: Harness.tool("eks-presign"), args: [
            "--cluster-name", "dev-cluster", "--region", "us-east-2", "--identity", "dev-admin", "--config", atmosPath])
        let refused = try kubectl(["get", "namespaces"], kubeconfig: crossed)
        XCTAssertNotEqual(refused.status, 0, refused.out)
        XCTAssertTrue(refused.stderr.contains("You must be logged in to the server"), refused.stderr)
        XCTAssertEqual(stage.decisions().last?["ok"] as? Bool, false)
    }

    func testBrokenIntegrationIsAWarning() throws {
        try writeAtmos(world.atmos(extraIntegrations: """
                dev/eks/missing:
                  kind: aws/eks
                  via:
                    identity: dev-admin
                  spec:
                    cluster:
                      name: missing-cluster
                      region: us-east-2
                      alias: missing
            """))
        let r = try login("dev-admin")
        XCTAssertTrue(r.stderr.contains("⚠ EKS kubeconfig: missing: ResourceNotFoundException"), r.stderr)
        XCTAssertTrue(r.stderr.contains("2 of 3 EKS clusters"), r.stderr)
        XCTAssertFalse(r.stderr.contains("skipping cluster"), "one warning per cluster, not the merge's note too: \(r.stderr)")
        XCTAssertEqual(try contexts(ekspipeKubeconfig), ["dev-eks", "stage-eks"])
        let k = try kubectl(["--context", "dev-eks", "get", "namespaces"], kubeconfig: ekspipeKubeconfig)
        XCTAssertEqual(k.status, 0, k.stderr)
    }

    func testEveryClusterFailingStillLogsIn() throws {
        try writeAtmos(world.atmos().replacingOccurrences(of: "name: user-cluster", with: "name: gone-cluster"))
        let r = try ekspipe(["auth", "login", "dev-user", "--config", atmosPath])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stderr.contains("⚠ EKS kubeconfig: user-eks: ResourceNotFoundException"), r.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: ekspipeKubeconfig), "nothing to write")
    }

    func testIdentityThatCannotResolveFails() throws {
        // An aws/user with no keys in the config and none in the environment.
        try writeAtmos("""
            auth:
              identities:
                keyless:
                  kind: aws/user
              integrations:
                keyless/eks:
                  kind: aws/eks
                  via:
                    identity: keyless
                  spec:
                    cluster:
                      name: user-cluster
                      region: us-east-2
            """)
        let r = try ekspipe(["auth", "login", "keyless", "--config", atmosPath])
        XCTAssertEqual(r.status, 1, r.stderr)
        XCTAssertTrue(r.stderr.contains("creds-resolve:"), "the stage's own message: \(r.stderr)")
        XCTAssertFalse(r.stderr.contains("✓"), r.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: ekspipeKubeconfig))
    }

    func testOptionalIntegrationOnlyOnRequest() throws {
        try writeAtmos()
        try login("dev-admin")
        XCTAssertFalse(try contexts(ekspipeKubeconfig).contains("sandbox"))

        let u = try ekspipe(["aws", "eks", "update-kubeconfig", "--integration", "dev/eks/sandbox", "--config", atmosPath])
        XCTAssertEqual(u.status, 0, u.stderr)
        XCTAssertEqual(u.out, "Added new context sandbox to \(ekspipeKubeconfig)\n", "an integration's entries go to ekspipe's file, said as the AWS CLI says it")
        XCTAssertEqual(u.stderr, "")
        XCTAssertEqual(try contexts(ekspipeKubeconfig), ["dev-eks", "sandbox", "stage-eks"])
        let k = try kubectl(["--context", "sandbox", "get", "namespaces"], kubeconfig: ekspipeKubeconfig)
        XCTAssertEqual(k.status, 0, k.stderr)
        XCTAssertTrue((lastDecision("sandbox-cluster")?["arn"] as? String ?? "").hasPrefix(world.assumedRoleArnPrefix()))
    }

    func testUpdateKubeconfigByNameWithIdentityAndDryRun() throws {
        try writeAtmos()
        let dry = try ekspipe(["aws", "eks", "update-kubeconfig", "--name", "sandbox-cluster", "--region", "eu-west-1",
                               "--identity", "dev-admin", "--config", atmosPath, "--alias", "sb", "--dry-run"])
        XCTAssertEqual(dry.status, 0, dry.stderr)
        XCTAssertTrue(dry.out.contains("sb"), dry.out)
        XCTAssertFalse(FileManager.default.fileExists(atPath: ekspipeKubeconfig), "--dry-run writes nothing")
        XCTAssertFalse(FileManager.default.fileExists(atPath: userKubeconfig), "--dry-run writes nothing")

        let custom = home.appendingPathComponent("custom/kubeconfig").path
        let r = try ekspipe(["aws", "eks", "update-kubeconfig", "--name", "sandbox-cluster", "--region", "eu-west-1",
                             "--identity", "dev-admin", "--config", atmosPath, "--alias", "sb", "--kubeconfig", custom])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertEqual(try contexts(custom), ["sb"], "only the named cluster, not the identity's integrations")
        let k = try kubectl(["--context", "sb", "get", "namespaces"], kubeconfig: custom)
        XCTAssertEqual(k.status, 0, k.stderr)

        let missing = try ekspipe(["aws", "eks", "update-kubeconfig", "--name", "missing-cluster", "--region", "us-east-2",
                                   "--identity", "dev-admin", "--config", atmosPath])
        XCTAssertEqual(missing.status, 1, "an explicit update fails when the cluster does: \(missing.stderr)")
        XCTAssertTrue(missing.stderr.contains("ResourceNotFoundException"), missing.stderr)
    }

    func testUpdateKubeconfigWithAProfile() throws {
        // A profile with the IAM user's long-term keys: eks-presign signs with them, and the fake
        // API finds the key among the ones moto issued.
        try writeUserProfile()
        let r = try ekspipe(["aws", "eks", "update-kubeconfig", "--name", "user-cluster", "--region", "us-east-2",
                             "--profile", "flow", "--alias", "by-profile"])
        XCTAssertEqual(r.status, 0, r.stderr)
        assertNoSecrets(r.stderr)
        let text = try String(contentsOfFile: userKubeconfig, encoding: .utf8)
        XCTAssertTrue(text.contains("- --profile\n      - flow"), text)
        XCTAssertFalse(text.contains(world.userKeys.secretAccessKey), "no secrets in a kubeconfig")
        let k = try kubectl(["--context", "by-profile", "get", "namespaces"], kubeconfig: userKubeconfig)
        XCTAssertEqual(k.status, 0, k.stderr)
        let d = try XCTUnwrap(lastDecision("user-cluster"))
        XCTAssertEqual(d["accessKeyId"] as? String, world.userKeys.accessKeyId, "\(d)")
        XCTAssertEqual(d["arn"] as? String, world.userArn)
    }

    /// `--role-arn` on top of a profile: the describe call and every kubectl call sign as the
    /// role, because the entry's eks-presign arguments carry the role too.
    func testUpdateKubeconfigWithAProfileAndARole() throws {
        try writeUserProfile()
        let r = try ekspipe(["aws", "eks", "update-kubeconfig", "--name", "user-cluster", "--region", "us-east-2",
                             "--profile", "flow", "--role-arn", world.roleArn, "--alias", "as-role"])
        XCTAssertEqual(r.status, 0, r.stderr)
        let text = try String(contentsOfFile: userKubeconfig, encoding: .utf8)
        XCTAssertTrue(text.contains("- --profile\n      - flow\n      - --role-arn\n      - \(world.roleArn)"), text)
        let k = try kubectl(["--context", "as-role", "get", "namespaces"], kubeconfig: userKubeconfig)
        XCTAssertEqual(k.status, 0, k.stderr)
        XCTAssertTrue((lastDecision("user-cluster")?["arn"] as? String ?? "").hasPrefix(world.assumedRoleArnPrefix()),
                      "kubectl signed as the role: \(String(describing: lastDecision("user-cluster")))")

        let bad = try ekspipe(["aws", "eks", "update-kubeconfig", "--integration", "dev/eks/sandbox", "--role-arn", world.roleArn])
        XCTAssertEqual(bad.status, 2, bad.stderr)
    }

    func testTokenCommandIsEksPresign() throws {
        try writeAtmos()
        try login("dev-admin")
        let r = try ekspipe(["aws", "eks", "token", "--cluster-name", "dev-cluster", "--region", "us-east-2",
                             "--identity", "dev-admin", "--config", atmosPath])
        XCTAssertEqual(r.status, 0, r.stderr)
        let status = try XCTUnwrap(try r.json()["status"] as? [String: Any])
        XCTAssertTrue((status["token"] as? String ?? "").hasPrefix("k8s-aws-v1."))
    }
}
