import Foundation
import XCTest

/// creds-resolve on bad input and local sources: broken config files, missing profiles,
/// credential_process, usage errors, stdout failures. No network.
final class CredsResolveInputTests: CredsResolveTestCase {
    /// Nothing may answer here: a test that reaches the network fails fast.
    let offline = ["AWS_ENDPOINT_URL": "http://127.0.0.1:1"]

    func testBrokenSectionHeader() throws {
        try writeConfig("[profile ok]\nregion = us-east-1\n\n[profile dev\nregion = us-east-2\n")
        let err = try fail(["--profile", "dev"], env: offline, status: 2)
        XCTAssertTrue(err.contains("\(configURL.path):4"), err)
        XCTAssertTrue(err.contains("broken section header"), err)
    }

    func testMissingProfile() throws {
        try writeConfig("[profile dev]\nregion = us-east-1\n")
        let err = try fail(["--profile", "nope"], env: offline, status: 1)
        XCTAssertTrue(err.contains("profile 'nope' not found"), err)
        // AWS_PROFILE naming a missing profile is the same error.
        let r = try run([], env: offline.merging(["AWS_PROFILE": "gone"]) { $1 })
        XCTAssertEqual(r.status, 1)
        XCTAssertTrue(r.stderr.contains("profile 'gone' not found"), r.stderr)
    }

    func testNoCredentialsAnywhere() throws {
        let err = try fail([], env: offline, status: 1)
        XCTAssertTrue(err.contains("no AWS credentials found"), err)
        XCTAssertTrue(err.contains("aws sso login"), err)
    }

    func testUsageErrors() throws {
        for args in [["--format", "yaml"], ["--external-id", "x"], ["--role-arn", "a", "--duration-seconds", "60"],
                     ["--region", "us_east_1"], ["--bogus"], ["--profile"]] {
            let r = try run(args, env: offline)
            XCTAssertEqual(r.status, 2, "\(args): \(r.stderr)")
            XCTAssertEqual(r.out, "")
            XCTAssertTrue(r.stderr.hasPrefix("creds-resolve: "), r.stderr)
        }
        let help = try run(["--help"])
        XCTAssertEqual(help.status, 0)
        XCTAssertTrue(help.out.contains("--format"))
    }

    func testBadEnvelopeOnStdin() throws {
        try writeCredentials("[default]\naws_access_key_id = AKIA1\naws_secret_access_key = s\n")
        let r = try run(["--stdin"], env: offline, stdin: Data("{\n  \"clusters\": [,]\n}".utf8))
        XCTAssertEqual(r.status, 2, r.stderr)
        XCTAssertEqual(r.out, "")
        XCTAssertTrue(r.stderr.contains("stdin:2:"), r.stderr)
    }

    func testFailedStdoutWriteIsAnError() throws {
        try writeCredentials("[default]\naws_access_key_id = AKIA1\naws_secret_access_key = s\n")
        let r = try run([], env: offline, stdoutPath: "/dev/full")
        XCTAssertEqual(r.status, 1, r.stderr)
        XCTAssertTrue(r.stderr.contains("stdout"), r.stderr)
    }

    func testDefaultProfileFromCredentialsFile() throws {
        try writeCredentials("[default]\naws_access_key_id = AKIADEFAULT\naws_secret_access_key = default-secret\naws_session_token = tok\n")
        try writeConfig("[default]\nregion = ca-central-1\n")
        let doc = try resolve([], env: offline)
        XCTAssertEqual(Self.credentials(doc), AWSKeys(accessKeyId: "AKIADEFAULT", secretAccessKey: "default-secret", sessionToken: "tok"))
        XCTAssertEqual(doc["region"] as? String, "ca-central-1")
        XCTAssertEqual(doc["source"] as? [String: String], ["kind": "profile", "profile": "default"])
        // Region precedence: flag, AWS_REGION, AWS_DEFAULT_REGION, profile.
        XCTAssertEqual(try resolve([], env: offline.merging(["AWS_DEFAULT_REGION": "eu-north-1"]) { $1 })["region"] as? String, "eu-north-1")
        XCTAssertEqual(try resolve([], env: offline.merging(["AWS_DEFAULT_REGION": "eu-north-1", "AWS_REGION": "eu-south-1"]) { $1 })["region"] as? String, "eu-south-1")
        XCTAssertEqual(try resolve(["--region", "sa-east-1"], env: offline.merging(["AWS_REGION": "eu-south-1"]) { $1 })["region"] as? String, "sa-east-1")
    }

    // MARK: credential_process

    func writeProcess(_ body: String) throws -> String {
        let script = home.appendingPathComponent("my creds.sh")
        try "#!/bin/sh\n\(body)\n".write(to: script, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o700], ofItemAtPath: script.path)
        return script.path
    }

    func testCredentialProcess() throws {
        let exp = Self.iso(Date().addingTimeInterval(3600))
        let script = try writeProcess("""
            [ "$1" = "--arg with space" ] || exit 9
            echo '{"Version": 1, "AccessKeyId": "ASIAPROCESS", "SecretAccessKey": "proc-secret", "SessionToken": "proc-token", "Expiration": "\(exp)"}'
            """)
        try writeConfig("[profile p]\ncredential_process = \"\(script)\" '--arg with space'\n")
        let doc = try resolve(["--profile", "p"], env: offline)
        XCTAssertEqual(Self.credentials(doc), AWSKeys(accessKeyId: "ASIAPROCESS", secretAccessKey: "proc-secret",
                                                      sessionToken: "proc-token", expiration: exp))
        XCTAssertEqual(doc["source"] as? [String: String], ["kind": "credential-process", "profile": "p"])
    }

    func testCredentialProcessExitingNonZero() throws {
        let script = try writeProcess("echo 'cannot reach the vault' >&2; exit 3")
        try writeConfig("[profile p]\ncredential_process = \"\(script)\"\n")
        let r = try run(["--profile", "p"], env: offline)
        XCTAssertEqual(r.status, 1)
        XCTAssertEqual(r.out, "")
        // The process's own message reaches the user, then ours.
        XCTAssertTrue(r.stderr.contains("cannot reach the vault"), r.stderr)
        XCTAssertTrue(r.stderr.contains("creds-resolve: profile p: credential_process"), r.stderr)
        XCTAssertTrue(r.stderr.contains("exited with status 3"), r.stderr)
    }

    func testCredentialProcessPrintingInvalidJSON() throws {
        let script = try writeProcess("echo '{\"Version\": 1, \"AccessKeyId\": \"A\", \"SecretAccessKey\": \"leaky-secret\",'")
        try writeConfig("[profile p]\ncredential_process = \(script.replacingOccurrences(of: " ", with: "\\ "))\n")
        let err = try fail(["--profile", "p"], env: offline, status: 1)
        XCTAssertTrue(err.contains("invalid JSON"), err)
        XCTAssertFalse(err.contains("leaky-secret"), err)
    }

    func testCredentialProcessPrintingAnUnquotedSecret() throws {
        let script = try writeProcess("echo '{\"Version\": 1, \"AccessKeyId\": \"A\", \"SecretAccessKey\": leakysecret}'")
        try writeConfig("[profile p]\ncredential_process = '\(script)'\n")
        let err = try fail(["--profile", "p"], env: offline, status: 1)
        XCTAssertTrue(err.contains("invalid JSON (line 1, column"), err)
        XCTAssertFalse(err.contains("leaky"), err)
    }

    /// Half a key pair or a bad expiration in the environment is bad input, refused the same
    /// way by creds-resolve and by eks-presign (which reads the environment without it).
    func testBrokenEnvironmentKeysAreBadInputInBothTools() throws {
        let cases: [([String: String], String)] = [
            (["AWS_ACCESS_KEY_ID": "AKIDHALF"], "environment: AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not"),
            (["AWS_ACCESS_KEY_ID": "AKIDX", "AWS_SECRET_ACCESS_KEY": "half-secret", "AWS_CREDENTIAL_EXPIRATION": "tomorrow"],
             "environment: AWS_CREDENTIAL_EXPIRATION is not an ISO 8601 time: tomorrow"),
        ]
        for (vars, message) in cases {
            let err = try fail([], env: offline.merging(vars) { $1 }, status: 2)
            XCTAssertEqual(err, "creds-resolve: \(message)\n")
            let presign = try Harness.run("eks-presign", ["--cluster-name", "c"], env: Harness.isolatedEnv(home: home, extra: offline.merging(vars) { $1 }))
            XCTAssertEqual(presign.status, 2, presign.stderr)
            XCTAssertEqual(presign.stderr, "eks-presign: \(message)\n")
            XCTAssertEqual(presign.stdout.count, 0)
            XCTAssertFalse(err.contains("half-secret") || presign.stderr.contains("half-secret"))
        }
    }

    func testProfileKeyWithoutSecretIsBadInputInBothTools() throws {
        try writeCredentials("[half]\naws_access_key_id = AKIDHALF\n")
        let err = try fail(["--profile", "half"], env: offline, status: 2)
        XCTAssertTrue(err.contains("\(credentialsURL.path):2: profile 'half' has aws_access_key_id but no aws_secret_access_key"), err)
        let presign = try Harness.run("eks-presign", ["--cluster-name", "c", "--profile", "half"], env: Harness.isolatedEnv(home: home, extra: offline))
        XCTAssertEqual(presign.status, 2, presign.stderr)
        XCTAssertEqual(presign.stderr, "eks-presign: \(credentialsURL.path):2: profile 'half' has aws_access_key_id but no aws_secret_access_key\n")
    }

    func testCredentialProcessWithWrongVersion() throws {
        let script = try writeProcess("echo '{\"Version\": 2, \"AccessKeyId\": \"A\", \"SecretAccessKey\": \"s\"}'")
        try writeConfig("[profile p]\ncredential_process = '\(script)'\n")
        let err = try fail(["--profile", "p"], env: offline, status: 1)
        XCTAssertTrue(err.contains("Version"), err)
    }

    /// creds-resolve is itself usable as a credential_process of another profile.
    func testCredsResolveAsCredentialProcess() throws {
        try writeCredentials("[inner]\naws_access_key_id = AKIAINNER\naws_secret_access_key = inner-secret\n")
        try writeConfig("[profile outer]\ncredential_process = \(Harness.tool("creds-resolve")) --profile inner --format credential-process --non-interactive\n")
        let doc = try resolve(["--profile", "outer"], env: offline)
        XCTAssertEqual(Self.credentials(doc), AWSKeys(accessKeyId: "AKIAINNER", secretAccessKey: "inner-secret"))
    }
}
