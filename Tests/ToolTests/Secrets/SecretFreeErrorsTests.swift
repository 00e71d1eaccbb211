import Foundation
import XCTest

/// The built tools on files whose broken or misplaced lines hold a secret: ~/.aws/credentials,
/// ~/.aws/config, atmos.yaml, a kubeconfig, a credential_process document. Each run fails with a
/// message naming file:line (and the key), and the secret is on neither stderr nor stdout.
enum LeakCheck {
    static let secret = "wJalrXUtnFEMIK7MDENGbPxRfiCYzEXAMPLEKEY"
    static let slashed = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKEY"

    static func assertNoSecret(_ r: Harness.Result, status: Int32, place: String, _ label: String,
                               file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(r.status, status, "\(label): \(r.stderr)", file: file, line: line)
        for (stream, text) in [("stderr", r.stderr), ("stdout", r.out)] {
            XCTAssertFalse(text.contains("wJalr") || text.contains("MDENG") || text.contains("EXAMPLEKEY"),
                           "\(label): secret on \(stream): \(text)", file: file, line: line)
        }
        XCTAssertTrue(r.stderr.contains(place), "\(label): no \(place) in \(r.stderr)", file: file, line: line)
    }
}

final class SecretFreeErrorsTests: IdentityTestCase {
    /// Any request that escapes a test goes nowhere.
    let offline = ["AWS_ENDPOINT_URL": "http://127.0.0.1:1", "HTTPS_PROXY": "http://127.0.0.1:1", "https_proxy": "http://127.0.0.1:1"]

    func testBrokenCredentialsFileLines() throws {
        let s = LeakCheck.slashed
        let cases: [(String, String, String)] = [
            ("a key without '='", "[p]\naws_access_key_id = AKIA1\naws_secret_access_key \(s)\n", "credentials:3: expected 'key = value' (after aws_access_key_id"),
            ("a wrapped token", "[p]\naws_access_key_id = AKIA1\naws_secret_access_key = x\naws_session_token = IQoJb3JpZ2lu\n\(s)\n",
             "credentials:5: expected 'key = value' (after aws_session_token"),
            ("a broken header", "[p\n\(s)\n", "credentials:1: broken section header"),
            ("a line outside any section", "\(s)\n[p]\naws_access_key_id = AKIA1\n", "credentials:1: a line outside any [section]"),
        ]
        for (label, text, place) in cases {
            try writeCredentials(text)
            LeakCheck.assertNoSecret(try run(["--profile", "p"], env: offline), status: 2, place: place, "creds-resolve, \(label)")
            let presigned = try presign(["--cluster-name", "c", "--region", "us-east-1", "--profile", "p"], env: offline)
            LeakCheck.assertNoSecret(presigned, status: 2, place: place, "eks-presign, \(label)")
        }
    }

    func testConfigFileValuesAreNotRepeated() throws {
        let s = LeakCheck.slashed
        let base = "[profile base]\naws_access_key_id = AKIA1\naws_secret_access_key = x\n[profile p]\nrole_arn = arn:aws:iam::123456789012:role/r\n"
        let cases: [(String, String, [String: String], String)] = [
            ("duration_seconds", base + "source_profile = base\nduration_seconds = \(s)\n", offline, "config:7: duration_seconds must be"),
            ("credential_source", base + "credential_source = \(s)\n", offline, "config:6: credential_source must be"),
            ("endpoint_url", base + "source_profile = base\nendpoint_url = \(s)\n", ["HTTPS_PROXY": "http://127.0.0.1:1"],
             "config:7: endpoint_url is not an http(s) URL"),
        ]
        for (label, text, env, place) in cases {
            try writeConfig(text)
            LeakCheck.assertNoSecret(try run(["--profile", "p"], env: env), status: 2, place: place, label)
        }
    }

    /// `key: value` is a setting, as the AWS CLI (botocore) reads it: the same keys come out.
    func testColonSettingsReadAsTheAWSCLIReadsThem() throws {
        try writeCredentials("[p]\naws_access_key_id: AKIACOLON\naws_secret_access_key : \(LeakCheck.slashed)\n")
        let doc = try resolve(["--profile", "p", "--format", "credential-process"], env: offline)
        let aws = try XCTUnwrap(BackgroundProcess.which("aws"))
        for (field, key) in [("AccessKeyId", "aws_access_key_id"), ("SecretAccessKey", "aws_secret_access_key")] {
            let r = try Harness.run(aws, ["configure", "get", key, "--profile", "p"], env: Harness.isolatedEnv(home: home))
            XCTAssertEqual(r.status, 0, r.stderr)
            XCTAssertEqual(doc[field] as? String, r.out.trimmingCharacters(in: .whitespacesAndNewlines), field)
        }
    }

    func testCredentialProcessDocumentsAreNotRepeated() throws {
        let s = LeakCheck.secret
        for (label, doc, place) in [
            ("Version", #"{"Version": "\#(s)", "AccessKeyId": "A", "SecretAccessKey": "\#(s)"}"#, "credential_process output.Version: expected the number 1"),
            ("Expiration", #"{"Version": 1, "AccessKeyId": "A", "SecretAccessKey": "\#(s)", "Expiration": "\#(s)"}"#,
             "credential_process output.Expiration: not an ISO 8601 time"),
            ("broken JSON", #"{"Version": 1, "AccessKeyId": "A", "SecretAccessKey": \#(s)}"#, "printed invalid JSON (line 1, column"),
        ] {
            let script = home.appendingPathComponent("process-\(label.count).sh")
            try "#!/bin/sh\ncat <<'EOF'\n\(doc)\nEOF\n".write(to: script, atomically: true, encoding: .utf8)
            try FileManager.default.setAttributes([.posixPermissions: 0o700], ofItemAtPath: script.path)
            try writeConfig("[profile p]\ncredential_process = \(script.path)\n")
            LeakCheck.assertNoSecret(try run(["--profile", "p"], env: offline), status: 1, place: place, label)
        }
    }

    func testAuthConfigLinesAreNotRepeated() throws {
        let user = "auth:\n  identities:\n    me:\n      kind: aws/user\n      credentials:\n        access_key_id: AKIA1\n"
        let cases: [(String, String, String)] = [
            ("broken line", user + "        secret_access_key: \(LeakCheck.slashed): x\n", "atmos.yaml:7:"),
            ("misspelled key", user + "        secret_acess_key: \(LeakCheck.secret)\n",
             "atmos.yaml:7:9: auth.identities.me.credentials.secret_acess_key: unknown key; did you mean `secret_access_key`?"),
            ("region", user + "        secret_access_key: x\n        region: \(LeakCheck.secret)\n", "atmos.yaml:8:17: auth.identities.me.credentials.region"),
        ]
        for (label, text, place) in cases {
            try writeAtmos(text)
            LeakCheck.assertNoSecret(try run(identityArgs("me"), env: offline), status: 2, place: place, label)
        }
    }
}

final class KubeconfigSecretFreeErrorsTests: KubeconfigMergeTestCase {
    func testBrokenTokenLinesAreNotRepeated() throws {
        let path = dir.appendingPathComponent("config").path
        for (label, token, place) in [("an alias", "*\(LeakCheck.secret)", "config:6:12: invalid YAML"),
                                      ("a broken line", "\(LeakCheck.slashed): x", "config:6:")] {
            let text = Data("apiVersion: v1\nkind: Config\nusers:\n- name: u\n  user:\n    token: \(token)\n".utf8)
            try text.write(to: URL(fileURLWithPath: path))
            let r = try merge(["--kubeconfig", path], try Self.envelope([Self.cluster("c1", alias: "c1")]))
            LeakCheck.assertNoSecret(r, status: 2, place: place, label)
            XCTAssertEqual(bytes(path), text, label)
        }
    }
}
