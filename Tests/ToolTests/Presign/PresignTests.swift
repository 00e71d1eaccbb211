import Foundation
import XCTest

/// eks-presign run as a binary: tokens against `aws eks get-token` with the clock frozen,
/// the credential order, the ExecCredential contract, and bad input.
final class PresignTests: XCTestCase {
    var scratch: ScratchHome!
    var home: URL! { scratch?.url }

    override func setUpWithError() throws { scratch = try makeScratchHome("presign") }

    let keys = ["AWS_ACCESS_KEY_ID": "AKIDEXAMPLE", "AWS_SECRET_ACCESS_KEY": "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"]

    func env(_ extra: [String: String] = [:]) -> [String: String] {
        Harness.isolatedEnv(home: home, extra: extra)
    }

    func presign(_ args: [String], env: [String: String], stdin: Data? = nil, at time: String? = nil) throws -> Harness.Result {
        if let time {
            return try Harness.run("/usr/bin/faketime", ["-f", time, Harness.tool("eks-presign")] + args, env: env, stdin: stdin)
        }
        return try Harness.run("eks-presign", args, env: env, stdin: stdin)
    }

    func token(_ r: Harness.Result, file: StaticString = #filePath, line: UInt = #line) throws -> String {
        XCTAssertEqual(r.status, 0, "stderr: \(r.stderr)", file: file, line: line)
        let status = try r.json()["status"] as? [String: Any]
        return status?["token"] as? String ?? ""
    }

    static var haveFaketime: Bool { FileManager.default.isExecutableFile(atPath: "/usr/bin/faketime") }
    static var awsCLI: String? {
        for dir in (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":") {
            let p = "\(dir)/aws"
            if FileManager.default.isExecutableFile(atPath: p) { return p }
        }
        return nil
    }

    /// The same token as `aws eks get-token` for the same second, credentials, cluster and
    /// region, in every partition, with FIPS and dual-stack, with a session token and with no
    /// region at all (global endpoint).
    func testByteIdenticalToAWSCLI() throws {
        guard Self.haveFaketime, Self.awsCLI != nil else { throw XCTSkip("needs faketime and the AWS CLI (scripts/setup installs them)") }
        let time = "2026-03-04 05:06:07"
        let cases: [(region: String?, extra: [String: String])] = [
            ("us-east-1", [:]), ("eu-central-1", ["AWS_SESSION_TOKEN": "FwoGZXIvYXdzEJr//////////wEaDExample+/=="]),
            ("cn-northwest-1", [:]), ("us-gov-east-1", [:]), ("us-iso-east-1", [:]), ("us-isob-east-1", [:]),
            ("eu-isoe-west-1", [:]), ("us-isof-south-1", [:]), ("eusc-de-east-1", [:]),
            ("us-west-2", ["AWS_USE_FIPS_ENDPOINT": "true"]), ("us-gov-west-1", ["AWS_USE_FIPS_ENDPOINT": "true"]),
            ("ap-southeast-2", ["AWS_USE_DUALSTACK_ENDPOINT": "true"]),
            ("cn-north-1", ["AWS_USE_DUALSTACK_ENDPOINT": "true"]),
            ("us-east-2", ["AWS_USE_DUALSTACK_ENDPOINT": "true", "AWS_USE_FIPS_ENDPOINT": "true"]),
            (nil, [:]),
        ]
        // The AWS CLI's runs in one process (scripts/conformance/aws_cli_runs.py: its own entry
        // point, a new driver per run), each with its case's arguments and environment.
        var runs: [[String: Any]] = [], ours: [String] = []
        for (i, c) in cases.enumerated() {
            var e = env(keys)
            for (k, v) in c.extra { e[k] = v }
            var args = ["--cluster-name", "cluster-\(i)"]
            if let r = c.region { args += ["--region", r] }
            ours.append(try token(try presign(args, env: e, at: time)))
            runs.append(["args": ["eks", "get-token"] + args, "env": e])
        }
        let file = home.appendingPathComponent("aws-runs.json")
        try JSONSerialization.data(withJSONObject: runs).write(to: file)
        let script = Harness.packageRoot.appendingPathComponent("scripts/conformance/aws_cli_runs.py").path
        let cli = try Harness.run("/usr/bin/faketime", ["-f", time, "python3", script, file.path], env: env(keys), timeout: 300)
        XCTAssertEqual(cli.status, 0, cli.stderr)
        let results = try XCTUnwrap(try JSONSerialization.jsonObject(with: cli.stdout) as? [[String: Any]])
        XCTAssertEqual(results.count, cases.count)
        for (c, (mine, theirs)) in zip(cases, zip(ours, results)) {
            XCTAssertEqual(theirs["status"] as? Int, 0, theirs["stderr"] as? String ?? "")
            let doc = try JSONSerialization.jsonObject(with: Data((theirs["stdout"] as? String ?? "").utf8)) as? [String: Any]
            XCTAssertEqual(mine, (doc?["status"] as? [String: Any])?["token"] as? String, "region \(c.region ?? "none") \(c.extra)")
        }
    }

    func testExecCredentialShapeAndExpiration() throws {
        guard Self.haveFaketime else { throw XCTSkip("needs faketime") }
        let r = try presign(["--cluster-name", "c1", "--region", "us-east-2"], env: env(keys), at: "2026-11-22 12:00:00")
        let doc = try r.json()
        XCTAssertEqual(doc["kind"] as? String, "ExecCredential")
        XCTAssertEqual(doc["apiVersion"] as? String, "client.authentication.k8s.io/v1beta1")
        let status = doc["status"] as! [String: Any]
        XCTAssertEqual(status["expirationTimestamp"] as? String, "2026-11-22T12:14:00Z")
        XCTAssertTrue((status["token"] as! String).hasPrefix("k8s-aws-v1."))
        XCTAssertEqual(r.stderr, "")

        // Credentials expiring sooner cap the expiration.
        var e = env(keys)
        e["AWS_SESSION_TOKEN"] = "tok"
        e["AWS_CREDENTIAL_EXPIRATION"] = "2026-11-22T12:05:00Z"
        let capped = try presign(["--cluster-name", "c1", "--region", "us-east-2"], env: e, at: "2026-11-22 12:00:00")
        XCTAssertEqual((try capped.json()["status"] as! [String: Any])["expirationTimestamp"] as? String, "2026-11-22T12:05:00Z")
    }

    func testAPIVersionEchoesExecInfo() throws {
        for (info, want) in [
            (#"{"kind":"ExecCredential","apiVersion":"client.authentication.k8s.io/v1","spec":{"interactive":false}}"#, "client.authentication.k8s.io/v1"),
            (#"{"kind":"ExecCredential","apiVersion":"client.authentication.k8s.io/v1beta1","spec":{}}"#, "client.authentication.k8s.io/v1beta1"),
        ] {
            var e = env(keys)
            e["KUBERNETES_EXEC_INFO"] = info
            let r = try presign(["--cluster-name", "c"], env: e)
            XCTAssertEqual(r.status, 0, r.stderr)
            XCTAssertEqual(try r.json()["apiVersion"] as? String, want)
        }
    }

    func testBadExecInfoIsUsageError() throws {
        for info in [#"{"apiVersion": "client.authentication.k8s.io/v1alpha9"}"#, #"{"apiVersion": "#, "[1]"] {
            var e = env(keys)
            e["KUBERNETES_EXEC_INFO"] = info
            let r = try presign(["--cluster-name", "c"], env: e)
            XCTAssertEqual(r.status, 2, "\(info): \(r.stderr)")
            XCTAssertTrue(r.stderr.hasPrefix("eks-presign: KUBERNETES_EXEC_INFO"), r.stderr)
            XCTAssertEqual(r.stdout.count, 0)
        }
    }

    func testUsageErrors() throws {
        let cases: [[String]] = [[], ["--cluster-name"], ["--cluster-name", "c", "--bogus"], ["--cluster-name", "a", "--cluster-id", "b"],
                                 ["--cluster-name", "c", "--region", "US_EAST"], ["--cluster-name", "c", "--profile", "p", "--identity", "i"],
                                 ["--cluster-name", "c", "positional"]]
        for args in cases {
            let r = try presign(args, env: env(keys))
            XCTAssertEqual(r.status, 2, "\(args): \(r.stderr)")
            XCTAssertTrue(r.stderr.hasPrefix("eks-presign: "), r.stderr)
            XCTAssertTrue(r.stderr.contains("Usage: eks-presign"), r.stderr)
            XCTAssertEqual(r.stdout.count, 0, "\(args)")
        }
    }

    func testHelp() throws {
        let r = try presign(["--help"], env: env())
        XCTAssertEqual(r.status, 0)
        for word in ["--cluster-name", "--stdin", "Credentials, first match wins", "Exit status"] {
            XCTAssertTrue(r.out.contains(word), word)
        }
    }

    func testStdinEnvelopeAndBareDocument() throws {
        let creds = #"{"Version": 1, "AccessKeyId": "ASIASTDIN", "SecretAccessKey": "s", "SessionToken": "t", "Expiration": "2099-01-01T00:00:00Z"}"#
        let envelope = #"{"identity": "x", "region": "eu-west-3", "credentials": \#(creds)}"#
        for input in [creds, envelope] {
            let r = try presign(["--cluster-name", "c", "--stdin"], env: env(), stdin: Data(input.utf8))
            let url = try Self.decode(try token(r))
            XCTAssertTrue(url.contains("X-Amz-Credential=ASIASTDIN%2F"), url)
            XCTAssertTrue(url.contains("X-Amz-Security-Token=t&"), url)
            if input == envelope { XCTAssertTrue(url.hasPrefix("https://sts.eu-west-3.amazonaws.com/"), url) }
        }
    }

    func testMalformedStdinSaysLineAndColumn() throws {
        let r = try presign(["--cluster-name", "c", "--stdin"], env: env(), stdin: Data("{\n  \"credentials\": {\"AccessKeyId\": }\n}".utf8))
        XCTAssertEqual(r.status, 2)
        XCTAssertTrue(r.stderr.hasPrefix("eks-presign: stdin:2:"), r.stderr)
        XCTAssertEqual(r.stdout.count, 0)
        let missing = try presign(["--cluster-name", "c", "--stdin"], env: env(), stdin: Data(#"{"credentials": {"AccessKeyId": "A"}}"#.utf8))
        XCTAssertEqual(missing.status, 2)
        XCTAssertTrue(missing.stderr.contains("stdin.credentials: missing field \"SecretAccessKey\""), missing.stderr)
    }

    /// jansson quotes the input near a syntax error ("invalid token near '…'"); on stdin that
    /// input is credentials, so the message says where, never what.
    func testMalformedStdinNeverEchoesASecret() throws {
        let secret = "wJalrXUtnFEMIK7MDENGbPxRfiCYEXAMPLEKEY"
        for input in [#"{"credentials": {"AccessKeyId": "A", "SecretAccessKey": \#(secret)}}"#,
                      #"{"credentials": {"AccessKeyId": "A", "SecretAccessKey": "s", "SessionToken": "\#(secret)\q"}}"#] {
            let r = try presign(["--cluster-name", "c", "--stdin"], env: env(), stdin: Data(input.utf8))
            XCTAssertEqual(r.status, 2, r.stderr)
            XCTAssertTrue(r.stderr.hasPrefix("eks-presign: stdin:1:"), r.stderr)
            XCTAssertFalse(r.stderr.contains(String(secret.prefix(8))), r.stderr)
            XCTAssertEqual(r.stdout.count, 0)
        }
    }

    func testEnvironmentBeatsProfileUnlessProfileIsExplicit() throws {
        let aws = home.appendingPathComponent(".aws")
        try FileManager.default.createDirectory(at: aws, withIntermediateDirectories: true)
        try "[default]\naws_access_key_id = AKIDDEFAULT\naws_secret_access_key = d\n\n[dev]\naws_access_key_id = AKIDDEV\naws_secret_access_key = x\n"
            .write(to: aws.appendingPathComponent("credentials"), atomically: true, encoding: .utf8)
        try "[profile dev]\nregion = ap-south-1\n".write(to: aws.appendingPathComponent("config"), atomically: true, encoding: .utf8)

        let fromEnv = try Self.decode(try token(try presign(["--cluster-name", "c"], env: env(keys))))
        XCTAssertTrue(fromEnv.contains("Credential=AKIDEXAMPLE%2F"), fromEnv)
        let explicit = try Self.decode(try token(try presign(["--cluster-name", "c", "--profile", "dev"], env: env(keys))))
        XCTAssertTrue(explicit.contains("Credential=AKIDDEV%2F"), explicit)
        XCTAssertTrue(explicit.hasPrefix("https://sts.ap-south-1.amazonaws.com/"), "the profile's region: \(explicit)")
        let viaVar = try Self.decode(try token(try presign(["--cluster-name", "c"], env: env(["AWS_PROFILE": "dev"]))))
        XCTAssertTrue(viaVar.contains("Credential=AKIDDEV%2F"), viaVar)
        let def = try Self.decode(try token(try presign(["--cluster-name", "c"], env: env())))
        XCTAssertTrue(def.contains("Credential=AKIDDEFAULT%2F"), def)

        let missing = try presign(["--cluster-name", "c", "--profile", "nope"], env: env())
        XCTAssertEqual(missing.status, 2)
        XCTAssertTrue(missing.stderr.contains("profile 'nope' not found"), missing.stderr)
    }

    func testBrokenConfigFileNamesFileAndLine() throws {
        let aws = home.appendingPathComponent(".aws")
        try FileManager.default.createDirectory(at: aws, withIntermediateDirectories: true)
        try "[profile ok]\nregion = us-east-1\n[profile broken\nregion = x\n".write(to: aws.appendingPathComponent("config"), atomically: true, encoding: .utf8)
        let r = try presign(["--cluster-name", "c", "--profile", "ok"], env: env())
        XCTAssertEqual(r.status, 2)
        XCTAssertTrue(r.stderr.contains("config:3: broken section header"), r.stderr)
    }

    /// A fresh cache entry is used without any network or child process; a stale one is not.
    func testCacheIsUsedWhileFresh() throws {
        guard Self.haveFaketime else { throw XCTSkip("needs faketime") }
        let dir = home.appendingPathComponent(".cache/ekspipe/credentials")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        // The key for `--identity dev-admin --config <abs>`: sha256 of the canonical selection.
        let config = home.appendingPathComponent("atmos.yaml").path
        FileManager.default.createFile(atPath: config, contents: Data("auth: {}\n".utf8))
        let canonical = "identity=dev-admin\nconfig=\(config)"
        let key = sha256Hex(canonical)
        let entry = #"{"credentials": {"Version": 1, "AccessKeyId": "ASIACACHED", "SecretAccessKey": "s", "SessionToken": "t", "Expiration": "2026-11-22T13:00:00Z"}, "source": {"kind": "assume-role"}, "region": "us-east-2", "selection": "\#(canonical.replacingOccurrences(of: "\n", with: "\\n"))"}"#
        try entry.write(to: dir.appendingPathComponent("\(key).json"), atomically: true, encoding: .utf8)
        let args = ["--cluster-name", "c", "--identity", "dev-admin", "--config", config]
        // PATH without creds-resolve: only the cache can answer.
        var e = env()
        e["PATH"] = "/usr/bin:/bin"
        let fresh = try presign(args, env: e, at: "2026-11-22 12:00:00")
        let url = try Self.decode(try token(fresh))
        XCTAssertTrue(url.contains("Credential=ASIACACHED%2F"), url)
        XCTAssertTrue(url.hasPrefix("https://sts.us-east-2.amazonaws.com/"), url)
        // 14 minutes before expiry the entry is too old to hand to kubectl.
        let stale = try presign(args, env: e, at: "2026-11-22 12:46:00")
        if Harness.binDirHasCredsResolve { return }  // a real creds-resolve would now be asked
        XCTAssertEqual(stale.status, 1)
        XCTAssertTrue(stale.stderr.contains("run: ekspipe auth login dev-admin"), stale.stderr)
        XCTAssertEqual(stale.stdout.count, 0)
    }

    func testNoCredentialsAtAllSaysWhatToDo() throws {
        var e = env()
        e["PATH"] = "/usr/bin:/bin"
        let r = try Harness.run(copyWithoutSiblings(), ["--cluster-name", "c"], env: e)
        XCTAssertEqual(r.status, 1, r.stderr)
        XCTAssertTrue(r.stderr.hasPrefix("eks-presign: no usable credentials for profile default"), r.stderr)
        XCTAssertEqual(r.stderr.split(separator: "\n").count, 1, "one line: \(r.stderr)")
        XCTAssertEqual(r.stdout.count, 0)
    }

    func testFailedWriteToStdoutIsAnError() throws {
        let r = try Harness.run("eks-presign", ["--cluster-name", "c"], env: env(keys), stdoutPath: "/dev/full")
        XCTAssertEqual(r.status, 1)
        XCTAssertTrue(r.stderr.contains("No space left on device"), r.stderr)
    }

    func testTokenIsMaskedOnATerminal() throws {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/script") else { throw XCTSkip("needs script(1)") }
        let cmd = "\(Harness.tool("eks-presign")) --cluster-name c"
        let masked = try Harness.run("/usr/bin/script", ["-qec", cmd, "/dev/null"], env: env(keys))
        XCTAssertFalse(masked.out.contains("k8s-aws-v1."), masked.out)
        XCTAssertTrue(masked.out.contains("masked"), masked.out)
        let revealed = try Harness.run("/usr/bin/script", ["-qec", cmd + " --reveal", "/dev/null"], env: env(keys))
        XCTAssertTrue(revealed.out.contains("k8s-aws-v1."), revealed.out)
    }

    // MARK: helpers

    /// A copy of eks-presign in a directory of its own, so no sibling creds-resolve is found.
    func copyWithoutSiblings() throws -> String {
        let dir = home.appendingPathComponent("alone")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let dst = dir.appendingPathComponent("eks-presign")
        try? FileManager.default.removeItem(at: dst)
        try FileManager.default.copyItem(atPath: Harness.tool("eks-presign"), toPath: dst.path)
        return dst.path
    }

    static func decode(_ token: String) throws -> String {
        var b64 = String(token.dropFirst("k8s-aws-v1.".count)).replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while b64.count % 4 != 0 { b64 += "=" }
        guard let d = Data(base64Encoded: b64) else { throw NSError(domain: "token", code: 1) }
        return String(decoding: d, as: UTF8.self)
    }

    func sha256Hex(_ s: String) -> String {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["python3", "-c", "import hashlib,sys; print(hashlib.sha256(sys.argv[1].encode()).hexdigest())", s]
        let out = Pipe()
        p.standardOutput = out
        try? p.run()
        p.waitUntilExit()
        return String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }
}

extension Harness {
    /// Whether a working creds-resolve sits next to the tools (it does once its issue landed).
    static var binDirHasCredsResolve: Bool {
        guard let r = try? run("creds-resolve", ["--help"], env: [:]) else { return false }
        return r.status == 0 && r.out.contains("--profile")
    }
}
