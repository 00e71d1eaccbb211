import Foundation
import XCTest

/// `ekspipe aws eks update-kubeconfig --assume-role-arn`, as the AWS CLI's: a role assumed for
/// the DescribeCluster call only (session EKSDescribeClusterSession), while the entry keeps
/// signing with the caller's own credentials. Both run against the same moto; what moto records
/// of the sessions shows each run assumed the role once, with the same session name.
final class FlowAwsEksAssumeRoleTests: FlowTestCase {
    static let arn = "arn:aws:eks:us-east-2:\(MotoServer.accountID):cluster/user-cluster"

    /// The sessions moto issued for `role` under the AWS CLI's session name.
    func describeSessions(_ role: String) throws -> Int {
        let r = try LocalHTTP.request("GET", world.moto.endpoint + "/moto-api/data.json")
        let data = try XCTUnwrap(try JSONSerialization.jsonObject(with: r.body) as? [String: Any])
        let sessions = ((data["sts"] as? [String: Any])?["AssumedRole"] as? [[String: Any]]) ?? []
        return sessions.filter { $0["role_arn"] as? String == role && $0["session_name"] as? String == "EKSDescribeClusterSession" }.count
    }

    /// The eks-presign (or aws) arguments of the user the cluster's context uses.
    func userArgs(_ kubeconfig: String) throws -> [String] {
        let r = try kubectl(["config", "view", "-o", "jsonpath={.users[0].user.exec.args}"], kubeconfig: kubeconfig)
        return try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(r.out.utf8)) as? [String], r.out + r.stderr)
    }

    func testTheRoleIsForTheDescribeCallOnlyAsWithTheAWSCLI() throws {
        let reader = try world.moto.createRole(name: "eks-reader-\(UUID().uuidString.prefix(6))")
        try scratch.write("""
            [profile flow]
            aws_access_key_id = \(world.userKeys.accessKeyId)
            aws_secret_access_key = \(world.userKeys.secretAccessKey)
            region = us-east-2
            """, to: ".aws/config")
        XCTAssertEqual(try describeSessions(reader), 0)

        let ours = try ekspipe(["aws", "eks", "update-kubeconfig", "--name", "user-cluster", "--profile", "flow", "--assume-role-arn", reader])
        XCTAssertEqual(ours.status, 0, ours.stderr)
        XCTAssertEqual(ours.out, "Added new context \(Self.arn) to \(userKubeconfig)\n")
        XCTAssertEqual(try describeSessions(reader), 1, "the role was assumed for the describe call")
        XCTAssertEqual(try userArgs(userKubeconfig), ["--cluster-name", "user-cluster", "--region", "us-east-2", "--profile", "flow"],
                       "the entry does not carry the describe role")
        XCTAssertEqual(try signedArn(Self.arn, kubeconfig: userKubeconfig), world.userArn, "kubectl signs as the caller, not the role")

        let awsHome = try makeScratchHome("aws-cli")
        try awsHome.write(try String(contentsOf: scratch.awsConfig, encoding: .utf8), to: ".aws/config")
        let aws = try XCTUnwrap(BackgroundProcess.which("aws"))
        let theirs = try Harness.run(aws, ["eks", "update-kubeconfig", "--name", "user-cluster", "--profile", "flow", "--assume-role-arn", reader],
                                     env: awsHome.environment(world.moto.endpointEnvironment), timeout: 120)
        XCTAssertEqual(theirs.status, 0, theirs.stderr)
        XCTAssertEqual(try describeSessions(reader), 2, "the AWS CLI assumed it once too, with the same session name")
        XCTAssertFalse(try userArgs(awsHome.userKubeconfig.path).contains(reader), "nor does the AWS CLI's entry")

        // With an identity, and with --role-arn: the describe role alone for the call, the
        // entry's role for the entry.
        try writeAtmos()
        let both = try ekspipe(["aws", "eks", "update-kubeconfig", "--name", "user-cluster", "-i", "dev-user", "--config", atmosPath,
                                "--assume-role-arn", reader, "--role-arn", world.roleArn, "--alias", "both"])
        XCTAssertEqual(both.status, 0, both.stderr)
        XCTAssertEqual(try describeSessions(reader), 3)
        let args = try kubectl(["config", "view", "-o", "jsonpath={.users[?(@.name==\"\(try userOf("both"))\")].user.exec.args}"],
                               kubeconfig: userKubeconfig).out
        XCTAssertTrue(args.contains(world.roleArn) && !args.contains(reader), args)

        let bad = try ekspipe(["aws", "eks", "update-kubeconfig", "--integration", "user/eks", "--config", atmosPath, "--assume-role-arn", reader])
        XCTAssertEqual(bad.status, 2, bad.stderr)
        XCTAssertTrue(bad.stderr.contains("--integration does not go with --name, --region, --profile, --role-arn or --assume-role-arn"), bad.stderr)
        XCTAssertEqual(try describeSessions(reader), 3, "a usage error assumes nothing")
    }

    func userOf(_ context: String) throws -> String {
        try kubectl(["config", "view", "-o", "jsonpath={.contexts[?(@.name==\"\(context)\")].context.user}"], kubeconfig: userKubeconfig).out
    }
}
