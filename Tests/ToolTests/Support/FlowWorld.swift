import Foundation
import XCTest

/// What the flow tests run against, the same as scripts/demo: moto's real server (through
/// scripts/fakes/moto_eks.py, so each EKS cluster's endpoint and CA are a local fake Kubernetes
/// API's), an IAM user with an access key, a role it may assume, and one scripts/fakes/kube_api.py
/// per cluster that accepts only EKS tokens signed with keys moto issued.
///
/// Why moto's GetSessionToken keys are given to the fakes: moto answers every GetSessionToken
/// with the same example keys and does not record them, so the fakes cannot look them up in
/// moto's model dump as they do for access keys and assumed roles. They are asked of moto once
/// and handed to the fakes with the user's ARN.
final class FlowWorld: @unchecked Sendable {
    struct Cluster {
        var name: String
        var region: String
    }

    /// Clusters that exist (moto + a fake API each). "missing-cluster" does not.
    static let clusters = [Cluster(name: "dev-cluster", region: "us-east-2"),
                           Cluster(name: "stage-cluster", region: "us-west-2"),
                           Cluster(name: "sandbox-cluster", region: "eu-west-1"),
                           Cluster(name: "user-cluster", region: "us-east-2")]

    let moto: MotoServer
    let userKeys: AWSKeys
    let userArn: String
    let roleArn: String
    let sessionKeys: AWSKeys
    private(set) var kubes: [String: FakeKube] = [:]

    private init(moto: MotoServer, userKeys: AWSKeys, userArn: String, roleArn: String, sessionKeys: AWSKeys) {
        self.moto = moto
        self.userKeys = userKeys
        self.userArn = userArn
        self.roleArn = roleArn
        self.sessionKeys = sessionKeys
    }

    static var launcher: String { BackgroundProcess.fakesDir.appendingPathComponent("moto_eks.py").path }

    static func start() throws -> FlowWorld {
        let moto = try MotoServer.start(launcher: launcher)
        do {
            let user = try moto.createUserWithKeys(name: "flow-user")
            let role = try moto.createRole(name: "eks-admin")
            let s = try moto.call("sts", "get_session_token", ["DurationSeconds": 3600], keys: user.keys)
            guard let c = s["Credentials"] as? [String: Any], let id = c["AccessKeyId"] as? String,
                  let secret = c["SecretAccessKey"] as? String else {
                throw BackgroundProcess.failure("moto get_session_token: unexpected answer \(s)")
            }
            let session = AWSKeys(accessKeyId: id, secretAccessKey: secret, sessionToken: c["SessionToken"] as? String)
            let world = FlowWorld(moto: moto, userKeys: user.keys, userArn: user.arn, roleArn: role, sessionKeys: session)
            // The fake APIs start side by side: each makes its TLS certificates and imports
            // botocore, which is most of a world's start.
            let started = FakeKube.startAll(clusters.map { $0.name }, keys: [session], arns: [session.accessKeyId: user.arn], moto: moto)
            for (cluster, kube) in zip(clusters, started) {
                world.kubes[cluster.name] = try kube.get()
            }
            for cluster in clusters {
                let kube = world.kubes[cluster.name]!
                try moto.call("eks", "create_cluster", [
                    "name": cluster.name, "version": "1.31",
                    "roleArn": "arn:aws:iam::\(MotoServer.accountID):role/eks-cluster-role",
                    "resourcesVpcConfig": [String: Any](),
                    "tags": ["ekspipe.test/endpoint": kube.url, "ekspipe.test/certificate-authority-data": kube.caData],
                ], region: cluster.region)
            }
            return world
        } catch {
            moto.stop()
            throw error
        }
    }

    /// Stops every server by its process id.
    func stop() {
        for k in kubes.values { k.stop() }
        moto.stop()
    }

    /// The ARN the role's sessions get from moto for identity `name` (session name ekspipe-NAME).
    func assumedRoleArnPrefix() -> String { "arn:aws:sts::\(MotoServer.accountID):assumed-role/eks-admin/" }

    /// An auth config: `dev-user` (aws/user, the access key), `dev-admin` (aws/assume-role via
    /// dev-user), and their aws/eks integrations: dev-admin → dev-eks, stage-eks (auto) and
    /// sandbox (optional); dev-user → user-eks. `extraIntegrations` is appended verbatim.
    func atmos(extraIntegrations: String = "") -> String {
        """
        auth:
          identities:
            dev-user:
              kind: aws/user
              credentials:
                access_key_id: \(userKeys.accessKeyId)
                secret_access_key: \(userKeys.secretAccessKey)
                region: us-east-2
            dev-admin:
              kind: aws/assume-role
              via:
                identity: dev-user
              principal:
                assume_role: \(roleArn)
          integrations:
            dev/eks/primary:
              kind: aws/eks
              via:
                identity: dev-admin
              spec:
                cluster:
                  name: dev-cluster
                  region: us-east-2
                  alias: dev-eks
            dev/eks/stage:
              kind: aws/eks
              via:
                identity: dev-admin
              spec:
                cluster:
                  name: stage-cluster
                  region: us-west-2
                  alias: stage-eks
            dev/eks/sandbox:
              kind: aws/eks
              via:
                identity: dev-admin
              spec:
                auto_provision: false
                cluster:
                  name: sandbox-cluster
                  region: eu-west-1
                  alias: sandbox
            user/eks:
              kind: aws/eks
              via:
                identity: dev-user
              spec:
                cluster:
                  name: user-cluster
                  region: us-east-2
                  alias: user-eks
        \(extraIntegrations)
        """
    }
}
