import Foundation
import XCTest

/// One kubeconfig user per credential: entries that would sign differently (another role on
/// the same profile and cluster, the same identity name in another config) never share a user
/// name, so no context signs as another one's role. Checked with the real kubectl against the
/// fake API, which reports the caller ARN of every token.
final class FlowUserNameTests: FlowTestCase {
    static let userClusterArn = "arn:aws:eks:us-east-2:\(MotoServer.accountID):cluster/user-cluster"

    func testTwoRolesOnOneProfileAndClusterSignAsTheirOwnRole() throws {
        try writeUserProfile()
        let reader = secondRole()
        for (role, alias) in [(world.roleArn, "as-admin"), (reader, "as-reader")] {
            let r = try ekspipe(["aws", "eks", "update-kubeconfig", "--name", "user-cluster", "--region", "us-east-2",
                                 "--profile", "flow", "--role-arn", role, "--alias", alias])
            XCTAssertEqual(r.status, 0, r.stderr)
        }
        let admin = try contextUser("as-admin", in: userKubeconfig), readerUser = try contextUser("as-reader", in: userKubeconfig)
        XCTAssertNotEqual(admin, readerUser)
        for user in [admin, readerUser] {
            XCTAssertTrue(user.hasPrefix("flow@\(Self.userClusterArn)#"), "readable, with a short suffix for the role: \(user)")
            XCTAssertEqual(user.count, "flow@\(Self.userClusterArn)#".count + 8, user)
        }
        XCTAssertTrue(try signedArn("as-admin", kubeconfig: userKubeconfig).hasPrefix(world.assumedRoleArnPrefix()))
        XCTAssertTrue(try signedArn("as-reader", kubeconfig: userKubeconfig).hasPrefix("arn:aws:sts::\(MotoServer.accountID):assumed-role/eks-reader/"))

        // Without a role the profile's user keeps the plain name; --user-alias names it outright.
        let plain = try ekspipe(["aws", "eks", "update-kubeconfig", "--name", "user-cluster", "--region", "us-east-2",
                                 "--profile", "flow", "--alias", "as-user"])
        XCTAssertEqual(plain.status, 0, plain.stderr)
        XCTAssertEqual(try contextUser("as-user", in: userKubeconfig), "flow@\(Self.userClusterArn)")
        XCTAssertEqual(try signedArn("as-user", kubeconfig: userKubeconfig), world.userArn)
        let aliased = try ekspipe(["aws", "eks", "update-kubeconfig", "--name", "user-cluster", "--region", "us-east-2",
                                   "--profile", "flow", "--role-arn", reader, "--alias", "mine", "--user-alias", "my-reader"])
        XCTAssertEqual(aliased.status, 0, aliased.stderr)
        XCTAssertEqual(try contextUser("mine", in: userKubeconfig), "my-reader")
        XCTAssertTrue(try signedArn("mine", kubeconfig: userKubeconfig).hasPrefix("arn:aws:sts::\(MotoServer.accountID):assumed-role/eks-reader/"))
        XCTAssertTrue(try signedArn("as-admin", kubeconfig: userKubeconfig).hasPrefix(world.assumedRoleArnPrefix()), "the other entries are untouched")
        let bad = try ekspipe(["aws", "eks", "update-kubeconfig", "--name", "user-cluster", "--region", "us-east-2", "--user-alias"])
        XCTAssertEqual(bad.status, 2, bad.stderr)
    }

    /// Two projects, each with an identity `ops` of its own role, logged in to one cluster.
    func testSameIdentityNameInTwoConfigs() throws {
        let a = try writeRoleConfig(in: "project-a", identity: "ops", role: world.roleArn, alias: "a-eks")
        let b = try writeRoleConfig(in: "project-b", identity: "ops", role: secondRole(), alias: "b-eks")
        for config in [a, b] {
            let r = try ekspipe(["auth", "login", "ops", "--config", config])
            XCTAssertEqual(r.status, 0, r.stderr)
        }
        XCTAssertNotEqual(try contextUser("a-eks", in: ekspipeKubeconfig), try contextUser("b-eks", in: ekspipeKubeconfig))
        XCTAssertTrue(try contextUser("a-eks", in: ekspipeKubeconfig).hasPrefix("ops@\(Self.userClusterArn)#"))
        XCTAssertTrue(try signedArn("a-eks").hasPrefix(world.assumedRoleArnPrefix()))
        XCTAssertTrue(try signedArn("b-eks").hasPrefix("arn:aws:sts::\(MotoServer.accountID):assumed-role/eks-reader/"))

        // Logout of project a's ops leaves project b's.
        let out = try ekspipe(["auth", "logout", "--identity", "ops", "--config", a])
        XCTAssertEqual(out.status, 0, out.stderr)
        XCTAssertEqual(try contexts(ekspipeKubeconfig), ["b-eks"])
        XCTAssertTrue(try signedArn("b-eks").hasPrefix("arn:aws:sts::\(MotoServer.accountID):assumed-role/eks-reader/"))
        let users = try kubectl(["config", "view", "-o", "jsonpath={.users[*].name}"], kubeconfig: ekspipeKubeconfig)
        XCTAssertEqual(users.out, try contextUser("b-eks", in: ekspipeKubeconfig), "a's user went with its context")
    }
}
