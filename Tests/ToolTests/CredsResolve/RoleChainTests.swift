import Foundation
import XCTest

/// Which role is assumed with which keys, compared with the AWS CLI (botocore) on the same
/// files: both talk to moto through the recording proxy, whose log gives every STS call's
/// Action, RoleArn and signing key id; the sequences must be the same.
final class RoleChainTests: CredsResolveTestCase {
    nonisolated(unsafe) static var moto: MotoServer?
    nonisolated(unsafe) static var proxy: LatencyProxy?

    override class func setUp() {
        super.setUp()
        moto = MotoServer.startForClass { m in
            for r in ["role-a", "role-b", "role-x", "role-w"] { try m.createRole(name: r) }
            proxy = try LatencyProxy.start(upstream: m.endpoint, latencyMs: 0)
        }
    }

    override class func tearDown() {
        proxy?.stop()
        moto?.stop()
        proxy = nil
        moto = nil
        super.tearDown()
    }

    let baseKeys = ["aws_access_key_id = AKIABASE000000000001", "aws_secret_access_key = base-secret"]
    static let names = ["AKIABASE000000000001": "base keys", "AKIAENV0000000000001": "environment keys"]

    struct Call: Equatable, CustomStringConvertible {
        var action: String
        var role: String?
        var signer: String
        var description: String { "\(action)(\(role ?? "-")) signed by \(signer)" }
    }

    /// The STS calls since the last reset, GetCallerIdentity left out, signers named.
    func calls() throws -> [Call] {
        try Self.proxy!.log().compactMap { entry in
            guard let action = entry.action, action != "GetCallerIdentity" else { return nil }
            let signer = entry.keyId.map { Self.names[$0] ?? ($0.hasPrefix("ASIA") ? "temporary keys" : $0) } ?? "unsigned"
            return Call(action: action, role: entry.params["RoleArn"].map { String($0.split(separator: "/").last ?? "") }, signer: signer)
        }
    }

    func reset() throws {
        _ = try LocalHTTP.request("POST", Self.proxy!.url + "/__proxy__/reset")
    }

    /// creds-resolve's STS calls and the AWS CLI's for `profile`, in order.
    func both(_ profile: String, env extra: [String: String] = [:]) throws -> (ours: [Call], theirs: [Call]) {
        guard let aws = PresignTests.awsCLI else { throw XCTSkip("needs the AWS CLI (scripts/setup installs it)") }
        let env = Harness.isolatedEnv(home: home, extra: ["AWS_ENDPOINT_URL": Self.proxy!.url, "AWS_DEFAULT_REGION": "us-east-1"].merging(extra) { $1 })
        try reset()
        let r = try Harness.run("creds-resolve", ["--profile", profile, "--no-cache"], env: env)
        XCTAssertEqual(r.status, 0, r.stderr)
        let ours = try calls()
        try? FileManager.default.removeItem(at: home.appendingPathComponent(".aws/cli/cache"))
        try reset()
        let theirs = try Harness.run(aws, ["sts", "get-caller-identity", "--profile", profile], env: env)
        XCTAssertEqual(theirs.status, 0, theirs.stderr)
        return (ours, try calls())
    }

    func testSourceProfileWithKeysAndItsOwnRoleGivesItsKeys() throws {
        try writeConfig("""
            [profile top]
            role_arn = \(MotoServer.roleArn("role-a"))
            source_profile = base
            [profile base]
            role_arn = \(MotoServer.roleArn("role-x"))
            source_profile = base
            \(baseKeys.joined(separator: "\n"))
            """)
        let (ours, theirs) = try both("top")
        XCTAssertEqual(ours, [Call(action: "AssumeRole", role: "role-a", signer: "base keys")])
        XCTAssertEqual(ours, theirs)
    }

    func testThreeProfileChain() throws {
        try writeConfig("""
            [profile top]
            role_arn = \(MotoServer.roleArn("role-a"))
            source_profile = mid
            [profile mid]
            role_arn = \(MotoServer.roleArn("role-b"))
            source_profile = base
            [profile base]
            \(baseKeys.joined(separator: "\n"))
            """)
        let (ours, theirs) = try both("top")
        XCTAssertEqual(ours, [Call(action: "AssumeRole", role: "role-b", signer: "base keys"),
                              Call(action: "AssumeRole", role: "role-a", signer: "temporary keys")])
        XCTAssertEqual(ours, theirs)
    }

    func testWebIdentityProfileAndEnvironmentSource() throws {
        let token = home.appendingPathComponent("token")
        try "eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.".write(to: token, atomically: true, encoding: .utf8)
        try writeConfig("""
            [profile web]
            role_arn = \(MotoServer.roleArn("role-w"))
            web_identity_token_file = \(token.path)
            [profile env]
            role_arn = \(MotoServer.roleArn("role-a"))
            credential_source = Environment
            """)
        let web = try both("web")
        XCTAssertEqual(web.ours, [Call(action: "AssumeRoleWithWebIdentity", role: "role-w", signer: "unsigned")])
        XCTAssertEqual(web.ours, web.theirs)
        let env = try both("env", env: ["AWS_ACCESS_KEY_ID": "AKIAENV0000000000001", "AWS_SECRET_ACCESS_KEY": "env-secret"])
        XCTAssertEqual(env.ours, [Call(action: "AssumeRole", role: "role-a", signer: "environment keys")])
        XCTAssertEqual(env.ours, env.theirs)
    }
}
