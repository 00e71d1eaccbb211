import Foundation
import XCTest

/// Files the flow tests give a user: an AWS profile, and small auth configs of their own.
extension FlowTestCase {
    /// `[profile flow]` in the scratch HOME's AWS config, with the IAM user's long-term keys.
    func writeUserProfile() throws {
        try FileManager.default.createDirectory(at: home.appendingPathComponent(".aws"), withIntermediateDirectories: true)
        try """
            [profile flow]
            aws_access_key_id = \(world.userKeys.accessKeyId)
            aws_secret_access_key = \(world.userKeys.secretAccessKey)
            region = us-east-2
            """.write(to: home.appendingPathComponent(".aws/config"), atomically: true, encoding: .utf8)
    }

    /// A role the IAM user may assume besides the world's eks-admin (created once per class).
    func secondRole(_ name: String = "eks-reader") -> String {
        _ = try? world.moto.createRole(name: name)
        return MotoServer.roleArn(name)
    }

    /// An auth config in `dir` (created) with identity `identity` assuming `role` via the IAM
    /// user, and one integration of it on user-cluster with context `alias`. Returns its path.
    func writeRoleConfig(in dir: String, identity: String, role: String, alias: String) throws -> String {
        let url = home.appendingPathComponent(dir)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        let path = url.appendingPathComponent("atmos.yaml").path
        try """
            auth:
              identities:
                base:
                  kind: aws/user
                  credentials:
                    access_key_id: \(world.userKeys.accessKeyId)
                    secret_access_key: \(world.userKeys.secretAccessKey)
                    region: us-east-2
                \(identity):
                  kind: aws/assume-role
                  via:
                    identity: base
                  principal:
                    assume_role: \(role)
              integrations:
                \(identity)/eks:
                  kind: aws/eks
                  via:
                    identity: \(identity)
                  spec:
                    cluster:
                      name: user-cluster
                      region: us-east-2
                      alias: \(alias)
            """.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// The user a context of `kubeconfig` names, according to kubectl.
    func contextUser(_ context: String, in kubeconfig: String) throws -> String {
        let r = try kubectl(["config", "view", "-o", "jsonpath={.contexts[?(@.name==\"\(context)\")].context.user}"], kubeconfig: kubeconfig)
        XCTAssertEqual(r.status, 0, r.stderr)
        return r.out
    }

    /// The caller ARN the fake API of `cluster` saw for `kubectl --context CONTEXT get namespaces`.
    func signedArn(_ context: String, cluster: String = "user-cluster", kubeconfig: String? = nil,
                   file: StaticString = #filePath, line: UInt = #line) throws -> String {
        let before = world.kubes[cluster]?.decisions().count ?? 0
        let k = try kubectl(["--context", context, "get", "namespaces", "-o", "name"], kubeconfig: kubeconfig ?? ekspipeKubeconfig)
        XCTAssertEqual(k.status, 0, k.stderr, file: file, line: line)
        let decisions = world.kubes[cluster]?.decisions() ?? []
        XCTAssertGreaterThan(decisions.count, before, "no request reached \(cluster)", file: file, line: line)
        return decisions.last?["arn"] as? String ?? ""
    }
}
