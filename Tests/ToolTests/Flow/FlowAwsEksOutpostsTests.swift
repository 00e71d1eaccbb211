import Foundation
import XCTest

/// An EKS local cluster on Outposts: DescribeCluster gives it an `id` and an `outpostConfig`,
/// and its tokens are for the id (x-k8s-aws-id), so `aws eks update-kubeconfig` writes
/// `get-token --cluster-id ID`. moto cannot create such a cluster, so scripts/fakes/moto_eks.py
/// makes one from a tag; the fake API checks tokens against the id, as the cluster would.
final class FlowAwsEksOutpostsTests: FlowTestCase {
    func testALocalClusterOnOutpostsGetsEntriesForItsIdAsWithTheAWSCLI() throws {
        let id = UUID().uuidString.lowercased()
        let name = "outpost-\(id.prefix(6))", region = "us-west-2"
        let kube = try FakeKube.start(clusterID: id, keys: [world.sessionKeys], arns: [world.sessionKeys.accessKeyId: world.userArn],
                                      moto: world.moto)
        defer { kube.stop() }
        try world.moto.call("eks", "create_cluster", [
            "name": name, "version": "1.31", "roleArn": "arn:aws:iam::\(MotoServer.accountID):role/eks-cluster-role",
            "resourcesVpcConfig": [String: Any](),
            "tags": ["ekspipe.test/endpoint": kube.url, "ekspipe.test/certificate-authority-data": kube.caData,
                     "ekspipe.test/outpost-id": id],
        ], region: region)
        let arn = "arn:aws:eks:\(region):\(MotoServer.accountID):cluster/\(name)"
        try scratch.write("""
            [profile flow]
            aws_access_key_id = \(world.userKeys.accessKeyId)
            aws_secret_access_key = \(world.userKeys.secretAccessKey)
            region = \(region)
            """, to: ".aws/config")

        let ours = try ekspipe(["aws", "eks", "update-kubeconfig", "--name", name, "--profile", "flow"])
        XCTAssertEqual(ours.status, 0, ours.stderr)
        let args = try kubectl(["config", "view", "-o", "jsonpath={.users[0].user.exec.args}"], kubeconfig: userKubeconfig).out
        XCTAssertEqual(args, #"["--cluster-id","\#(id)","--region","\#(region)","--profile","flow"]"#)

        let awsHome = try makeScratchHome("aws-cli")
        try awsHome.write(try String(contentsOf: scratch.awsConfig, encoding: .utf8), to: ".aws/config")
        let theirs = try Harness.run(try XCTUnwrap(BackgroundProcess.which("aws")), ["eks", "update-kubeconfig", "--name", name, "--profile", "flow"],
                                     env: awsHome.environment(world.moto.endpointEnvironment), timeout: 120)
        XCTAssertEqual(theirs.status, 0, theirs.stderr)
        let theirArgs = try kubectl(["config", "view", "-o", "jsonpath={.users[0].user.exec.args}"], kubeconfig: awsHome.userKubeconfig.path).out
        XCTAssertTrue(theirArgs.contains(#""--cluster-id","\#(id)""#) && !theirArgs.contains("--cluster-name"), theirArgs)

        // kubectl through ekspipe's entry: the fake API takes only tokens made for the id.
        let before = kube.decisions().count
        let k = try kubectl(["--context", arn, "get", "namespaces", "-o", "name"], kubeconfig: userKubeconfig)
        XCTAssertEqual(k.status, 0, k.stderr)
        let decisions = kube.decisions()
        XCTAssertGreaterThan(decisions.count, before)
        XCTAssertEqual(decisions.last?["arn"] as? String, world.userArn)

        // eks-describe says so in the envelope; a cluster in the cloud has no clusterId.
        let described = try Harness.run("eks-describe", ["--name", name, "--region", region, "--name", "user-cluster", "--region", "us-east-2"],
                                        env: scratch.environment(world.moto.endpointEnvironment.merging(world.userKeys.environment) { $1 }),
                                        stdin: Data("{}".utf8))
        let clusters = try XCTUnwrap(try described.json()["clusters"] as? [[String: Any]], described.stderr)
        XCTAssertEqual(clusters.first?["clusterId"] as? String, id)
        XCTAssertEqual(clusters.count, 2)
        XCTAssertNil(clusters.last?["clusterId"], "user-cluster is not on an Outpost")
    }
}
