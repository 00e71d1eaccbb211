import Foundation
import XCTest

/// `ekspipe aws eks token` (eks-presign) takes `aws eks get-token`'s flags, so a script can swap
/// the command: for the same flags, credentials and frozen second, the same token and the same
/// document (keys and their order; the AWS CLI indents by 4, eks-presign by 2). With
/// --role-arn the two assume the role separately and STS (moto too) hands each new keys, so
/// they are compared at equal credentials: ekspipe's assumed-role keys are given to the AWS
/// CLI's own code as the answer of its AssumeRole call (scripts/conformance/aws_get_token_as_role.py).
final class PresignGetTokenFlagsTests: XCTestCase {
    nonisolated(unsafe) static var moto: MotoServer?
    nonisolated(unsafe) static var user: AWSKeys?
    static let role = MotoServer.roleArn("eks-token-role")
    var scratch: ScratchHome!

    override class func setUp() {
        super.setUp()
        moto = MotoServer.startForClass { m in
            user = try m.createUserWithKeys(name: "token-user").keys
            _ = try m.createRole(name: "eks-token-role")
        }
    }

    override class func tearDown() {
        moto?.stop()
        moto = nil
        super.tearDown()
    }

    override func setUpWithError() throws {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/faketime"), PresignTests.awsCLI != nil else {
            throw XCTSkip("needs faketime and the AWS CLI (scripts/setup installs them)")
        }
        scratch = try makeScratchHome("get-token")
    }

    let keys = ["AWS_ACCESS_KEY_ID": "AKIDEXAMPLE", "AWS_SECRET_ACCESS_KEY": "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"]

    func env(_ extra: [String: String] = [:]) -> [String: String] {
        var e = scratch.environment(extra)
        e["EKSPIPE_BIN_DIR"] = Harness.binDir.path
        return e
    }

    /// `ekspipe aws eks token ARGS` with the clock frozen at `time`.
    func ours(_ args: [String], env: [String: String], at time: String) throws -> Harness.Result {
        let script = Harness.packageRoot.appendingPathComponent("scripts/ekspipe").path
        return try Harness.run("/usr/bin/faketime", ["-f", time, script, "aws", "eks", "token"] + args, env: env)
    }

    /// The keys of a JSON document's text in the order they appear.
    static func keyOrder(_ text: String) -> [String] {
        let re = try! NSRegularExpression(pattern: #"^\s*"([A-Za-z]+)":"#, options: [.anchorsMatchLines])
        return re.matches(in: text, range: NSRange(text.startIndex..., in: text)).map { String(text[Range($0.range(at: 1), in: text)!]) }
    }

    func assertSameDocument(_ a: Harness.Result, _ b: Harness.Result, _ label: String, file: StaticString = #filePath, line: UInt = #line) throws {
        XCTAssertEqual(a.status, 0, "\(label): \(a.stderr)", file: file, line: line)
        XCTAssertEqual(b.status, 0, "\(label): \(b.stderr)", file: file, line: line)
        guard a.status == 0, b.status == 0 else { return }
        XCTAssertEqual(try a.json() as NSDictionary, try b.json() as NSDictionary, label, file: file, line: line)
        XCTAssertEqual(Self.keyOrder(a.out), ["kind", "apiVersion", "spec", "status", "expirationTimestamp", "token"], label, file: file, line: line)
        XCTAssertEqual(Self.keyOrder(a.out), Self.keyOrder(b.out), label, file: file, line: line)
    }

    func testSameTokenAsGetTokenForItsFlags() throws {
        let aws = PresignTests.awsCLI!
        let time = "2026-05-06 07:08:09"
        try scratch.write("[profile dev]\nregion = eu-west-1\naws_access_key_id = AKIDPROFILE\naws_secret_access_key = profile-secret\n", to: ".aws/config")
        let cases: [[String]] = [
            ["--cluster-name", "dev-cluster", "--region", "us-east-2"],
            ["--cluster-id=0123abcd-4567-89ef-0123-456789abcdef", "--region=ap-south-1", "--output=json"],
            ["--cluster-name", "dev-cluster", "--profile", "dev", "--output", "json"],
        ]
        for args in cases {
            let e = env(args.contains("--profile") ? [:] : keys)
            let theirs = try Harness.run("/usr/bin/faketime", ["-f", time, aws, "eks", "get-token"] + args, env: e)
            try assertSameDocument(try ours(args, env: e, at: time), theirs, args.joined(separator: " "))
        }
        // The id, not a name, is what the token is for: another id, another token.
        let a = try ours(["--cluster-id", "id-a", "--region", "us-west-2"], env: env(keys), at: time)
        let b = try ours(["--cluster-id", "id-b", "--region", "us-west-2"], env: env(keys), at: time)
        XCTAssertNotEqual(try a.json() as NSDictionary, try b.json() as NSDictionary)
    }

    func testOnlyJSONOutputAndOneClusterFlag() throws {
        for bad in [["--output", "text"], ["--output", "yaml"], ["--output=table"], ["--output"],
                    ["--cluster-id", "x"], ["--role-arn"]] {
            let r = try ours(["--cluster-name", "c", "--region", "us-east-2"] + bad, env: env(keys), at: "2026-05-06 07:08:09")
            XCTAssertEqual(r.status, 2, "\(bad): \(r.stderr)")
            XCTAssertEqual(r.out, "", "\(bad)")
            XCTAssertTrue(r.stderr.hasPrefix("eks-presign: "), "\(bad): \(r.stderr)")
        }
        let text = try ours(["--cluster-name", "c", "--output", "text"], env: env(keys), at: "2026-05-06 07:08:09")
        XCTAssertTrue(text.stderr.contains("--output 'text'") && text.stderr.contains("JSON only"), text.stderr)
    }

    /// --role-arn (and --role, as the AWS CLI's kubeconfig entries spell it): the same token as
    /// `aws eks get-token --role-arn` signing with the same assumed-role keys, which are the
    /// role's (moto says so).
    func testRoleArnSameTokenAtEqualCredentials() throws {
        let moto = try XCTUnwrap(Self.moto), user = try XCTUnwrap(Self.user)
        try scratch.write("[profile dev]\naws_access_key_id = \(user.accessKeyId)\naws_secret_access_key = \(user.secretAccessKey)\n", to: ".aws/config")
        let e = env(moto.endpointEnvironment)
        // ekspipe assumes the role once (and caches it); eks-presign signs with those keys.
        let resolved = try Harness.run("creds-resolve", ["--profile", "dev", "--role-arn", Self.role, "--region", "us-east-2"], env: e)
        XCTAssertEqual(resolved.status, 0, resolved.stderr)
        let creds = try XCTUnwrap(try resolved.json()["credentials"] as? [String: Any])
        let assumed = AWSKeys(accessKeyId: creds["AccessKeyId"] as! String, secretAccessKey: creds["SecretAccessKey"] as! String,
                              sessionToken: creds["SessionToken"] as? String)
        XCTAssertTrue(try moto.callerArn(keys: assumed).hasPrefix("arn:aws:sts::\(MotoServer.accountID):assumed-role/eks-token-role/"))

        // A second that both credentials are valid in: now (moto's keys last an hour from now).
        let fmt = DateFormatter()
        fmt.dateFormat = "yyyy-MM-dd HH:mm:ss"
        fmt.timeZone = TimeZone(identifier: "UTC")
        let time = fmt.string(from: Date())
        // The AWS CLI's URL would name moto's host if it saw AWS_ENDPOINT_URL: it needs no network here.
        var theirsEnv = env()
        theirsEnv["EKSPIPE_ROLE_CREDENTIALS"] = String(decoding: try JSONSerialization.data(withJSONObject: creds), as: UTF8.self)
        theirsEnv["EKSPIPE_EXPECT_ROLE"] = Self.role
        theirsEnv["TZ"] = "UTC"
        let shim = Harness.packageRoot.appendingPathComponent("scripts/conformance/aws_get_token_as_role.py").path
        let args = ["--cluster-name", "dev-cluster", "--region", "us-east-2", "--output", "json"]
        let theirs = try Harness.run("/usr/bin/faketime", ["-f", time, "/usr/bin/env", "python3", shim, "eks", "get-token", "--role-arn", Self.role] + args,
                                     env: theirsEnv)
        var oursEnv = e
        oursEnv["TZ"] = "UTC"
        for spelling in ["--role-arn", "--role"] {
            try assertSameDocument(try ours(args + ["--profile", "dev", spelling, Self.role], env: oursEnv, at: time), theirs, spelling)
        }
    }
}
