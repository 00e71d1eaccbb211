import Foundation
import XCTest

/// creds-resolve as an AWS `credential_process`: the AWS CLI (the reference) runs it with the
/// caller's stdin, which creds-resolve must leave alone unless `--stdin` asks for an envelope.
/// Everything runs through a real shell, the real `aws` and moto's server (S3 and STS).
final class CredsResolveStdinTests: CredsResolveTestCase {
    /// One moto for the class, with the role the `cp` profile assumes.
    nonisolated(unsafe) private static var sharedMoto: MotoServer?

    override class func setUp() {
        super.setUp()
        sharedMoto = MotoServer.startForClass { m in _ = try m.createRole(name: "uploader") }
    }

    override class func tearDown() {
        sharedMoto?.stop()
        sharedMoto = nil
        super.tearDown()
    }

    private var moto: MotoServer { Self.sharedMoto! }
    private var roleArn: String { MotoServer.roleArn("uploader") }

    override func setUpWithError() throws {
        try super.setUpWithError()
        guard Self.sharedMoto != nil else { throw BackgroundProcess.failure("moto did not start (see the class setUp failure)") }
        // `cp`: credentials from creds-resolve, which assumes a role with the static keys of `base`.
        try writeConfig("""
            [profile base]
            aws_access_key_id = AKIAEXAMPLEBASE00001
            aws_secret_access_key = base-secret
            [profile cp]
            credential_process = \(Harness.tool("creds-resolve")) --profile base --role-arn \(roleArn) --format credential-process
            region = us-east-1
            """)
    }

    /// `script` in /bin/sh with the scratch HOME, the `cp` profile and moto as every endpoint.
    private func shell(_ script: String) throws -> Harness.Result {
        let env = Harness.isolatedEnv(home: home, extra: [
            "AWS_PROFILE": "cp", "AWS_ENDPOINT_URL": moto.endpoint, "AWS_DEFAULT_REGION": "us-east-1", "WORK": home.path,
        ])
        return try Harness.run("/bin/sh", ["-c", script], env: env, timeout: 120)
    }

    func testUploadFromStdinThroughCredentialProcessKeepsEveryByte() throws {
        let mb = try shell("aws s3 mb s3://pipe-bucket")
        XCTAssertEqual(mb.status, 0, mb.stderr)
        let up = try shell(#"printf 'some bytes\n\0and more' | aws s3 cp - s3://pipe-bucket/key"#)
        XCTAssertEqual(up.status, 0, up.stderr)
        let down = try shell(#"aws s3 cp s3://pipe-bucket/key "$WORK/downloaded""#)
        XCTAssertEqual(down.status, 0, down.stderr)
        let bytes = try Data(contentsOf: home.appendingPathComponent("downloaded"))
        XCTAssertEqual(bytes, Data("some bytes\n\0and more".utf8))
    }

    func testCommandsReadingNoStdinStillWork() throws {
        let r = try shell("echo x | aws sts get-caller-identity --query Arn --output text")
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.out.hasPrefix("arn:aws:sts::\(MotoServer.accountID):assumed-role/uploader/"), r.out)
    }

    /// A loop around `aws` keeps every line it reads (creds-resolve used to swallow the rest).
    func testWhileReadLoopKeepsItsLines() throws {
        let r = try shell(#"""
            printf 'one\ntwo\nthree\n' | while read -r line; do
                printf '%s:%s\n' "$line" "$(aws sts get-caller-identity --query Account --output text)"
            done
            """#)
        XCTAssertEqual(r.status, 0, r.stderr)
        let account = MotoServer.accountID
        XCTAssertEqual(r.out, "one:\(account)\ntwo:\(account)\nthree:\(account)\n", r.stderr)
    }

    /// `--stdin` still reads an envelope; without it a pipe on stdin is not read at all.
    func testStdinOnlyWhenAsked() throws {
        try writeCredentials("[default]\naws_access_key_id = AKIA1\naws_secret_access_key = s\n")
        let envelope = Data(#"{"kept": true, "clusters": []}"#.utf8)
        let asked = try run(["--stdin", "--no-cache"], stdin: envelope)
        XCTAssertEqual(asked.status, 0, asked.stderr)
        XCTAssertEqual(try asked.json()["kept"] as? Bool, true)
        let unasked = try run(["--no-cache"], stdin: Data("not json at all".utf8))
        XCTAssertEqual(unasked.status, 0, unasked.stderr)
        XCTAssertNil(try unasked.json()["kept"])
        for args in [["--stdin", "--list-identities"], ["--stdin", "--identity", "x", "--logout"]] {
            let r = try run(args)
            XCTAssertEqual(r.status, 2, "\(args): \(r.stderr)")
        }
    }
}
