import Foundation
import XCTest

/// creds-resolve against moto's STS: role chains from the shared config, --role-arn on top,
/// web identity, the cache, and every output format.
final class CredsResolveSTSTests: CredsResolveTestCase {
    nonisolated(unsafe) static var moto: MotoServer?
    nonisolated(unsafe) static var user: AWSKeys!

    override class func setUp() {
        super.setUp()
        moto = MotoServer.startForClass { m in
            user = try m.createUserWithKeys(name: "base-user").keys
            for r in ["r1", "r2", "r3"] { try m.createRole(name: r) }
        }
    }

    override class func tearDown() {
        moto?.stop()
        moto = nil
        super.tearDown()
    }

    var moto: MotoServer { Self.moto! }
    var env: [String: String] { moto.endpointEnvironment }
    func role(_ name: String) -> String { MotoServer.roleArn(name) }

    /// base (static keys of a moto IAM user) → r1 → r2 → r3.
    func writeChain() throws {
        try writeCredentials("""
            [base]
            aws_access_key_id = \(Self.user.accessKeyId)
            aws_secret_access_key = \(Self.user.secretAccessKey)
            """)
        try writeConfig("""
            [profile base]
            region = us-east-2

            [profile one]
            role_arn = \(role("r1"))
            source_profile = base
            role_session_name = hop-one
            region = eu-west-1

            [profile two]
            role_arn = \(role("r2"))
            source_profile = one
            role_session_name = hop-two
            external_id = ext-2

            [profile three]
            role_arn = \(role("r3"))
            source_profile = two
            role_session_name = hop-three
            duration_seconds = 1800
            """)
    }

    func testStaticProfileNeedsNoNetworkAndIsNotCached() throws {
        try writeChain()
        let doc = try resolve(["--profile", "base"], env: ["AWS_ENDPOINT_URL": "http://127.0.0.1:1"])
        XCTAssertEqual(Self.credentials(doc), Self.user)
        XCTAssertEqual(doc["source"] as? [String: String], ["kind": "profile", "profile": "base"])
        XCTAssertEqual(doc["region"] as? String, "us-east-2")
        let cached = (try? FileManager.default.contentsOfDirectory(atPath: cacheDir.path))?.filter { $0.hasSuffix(".json") } ?? []
        XCTAssertEqual(cached, [], "long-term keys are never cached")
    }

    func testTwoHopChain() throws {
        try writeChain()
        let doc = try resolve(["--profile", "two", "--no-cache"], env: env)
        let keys = try XCTUnwrap(Self.credentials(doc))
        XCTAssertTrue(keys.accessKeyId.hasPrefix("ASIA"))
        XCTAssertNotNil(keys.sessionToken)
        XCTAssertNotNil(keys.expiration)
        XCTAssertEqual(try moto.callerArn(keys: keys), "arn:aws:sts::\(MotoServer.accountID):assumed-role/r2/hop-two")
        let source = try XCTUnwrap(doc["source"] as? [String: Any])
        XCTAssertEqual(source["kind"] as? String, "assume-role")
        XCTAssertEqual(source["profile"] as? String, "two")
        XCTAssertEqual(source["roleArn"] as? String, role("r2"))
        let via = try XCTUnwrap(source["via"] as? [String: Any])
        XCTAssertEqual(via["roleArn"] as? String, role("r1"))
        XCTAssertEqual((via["via"] as? [String: Any])?["kind"] as? String, "profile")
    }

    func testThreeHopChainWithRoleArnOnTop() throws {
        try writeChain()
        let three = try resolve(["--profile", "three", "--no-cache"], env: env)
        XCTAssertEqual(try moto.callerArn(keys: try XCTUnwrap(Self.credentials(three))),
                       "arn:aws:sts::\(MotoServer.accountID):assumed-role/r3/hop-three")
        // duration_seconds = 1800 of the last hop reached STS.
        let exp = try XCTUnwrap(ISO8601DateFormatter().date(from: try XCTUnwrap(Self.credentials(three)?.expiration)))
        XCTAssertEqual(exp.timeIntervalSinceNow, 1800, accuracy: 120)
        // --role-arn: one more hop on top of a three-hop chain.
        let four = try resolve(["--profile", "three", "--role-arn", role("r1"), "--role-session-name", "on-top",
                                "--external-id", "x", "--duration-seconds", "900", "--no-cache"], env: env)
        XCTAssertEqual(try moto.callerArn(keys: try XCTUnwrap(Self.credentials(four))),
                       "arn:aws:sts::\(MotoServer.accountID):assumed-role/r1/on-top")
        XCTAssertEqual((four["source"] as? [String: Any])?["roleArn"] as? String, role("r1"))
    }

    func testRoleArnOnTopOfEnvironmentKeys() throws {
        var e = env
        for (k, v) in Self.user.environment { e[k] = v }
        let doc = try resolve(["--role-arn", role("r2"), "--role-session-name", "from-env", "--no-cache"], env: e)
        XCTAssertEqual(try moto.callerArn(keys: try XCTUnwrap(Self.credentials(doc))),
                       "arn:aws:sts::\(MotoServer.accountID):assumed-role/r2/from-env")
        let via = (doc["source"] as? [String: Any])?["via"] as? [String: Any]
        XCTAssertEqual(via?["kind"] as? String, "environment")
    }

    func testEnvironmentKeysWinUnlessProfileGiven() throws {
        try writeChain()
        var e = env
        e["AWS_ACCESS_KEY_ID"] = "AKIAENVIRONMENT00001"
        e["AWS_SECRET_ACCESS_KEY"] = "env-secret"
        e["AWS_PROFILE"] = "base"
        let fromEnv = try resolve([], env: e)
        XCTAssertEqual(Self.credentials(fromEnv)?.accessKeyId, "AKIAENVIRONMENT00001")
        XCTAssertEqual((fromEnv["source"] as? [String: Any])?["kind"] as? String, "environment")
        XCTAssertEqual(fromEnv["region"] as? String, "us-east-2", "the AWS_PROFILE profile's region applies")
        let fromProfile = try resolve(["--profile", "base"], env: e)
        XCTAssertEqual(Self.credentials(fromProfile), Self.user)
    }

    func testWebIdentityFromEnvironment() throws {
        let token = home.appendingPathComponent("token.jwt")
        try "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ0ZXN0In0.c2lnbmF0dXJl\n".write(to: token, atomically: true, encoding: .utf8)
        var e = env
        e["AWS_WEB_IDENTITY_TOKEN_FILE"] = token.path
        e["AWS_ROLE_ARN"] = role("r1")
        e["AWS_ROLE_SESSION_NAME"] = "pod-session"
        let doc = try resolve(["--no-cache"], env: e)
        let source = try XCTUnwrap(doc["source"] as? [String: Any])
        XCTAssertEqual(source["kind"] as? String, "web-identity")
        XCTAssertEqual(source["roleArn"] as? String, role("r1"))
        let keys = try XCTUnwrap(Self.credentials(doc))
        XCTAssertNotNil(keys.sessionToken)
        XCTAssertTrue(try moto.callerArn(keys: keys).contains("r1"))
    }

    func testWebIdentityProfile() throws {
        let token = home.appendingPathComponent("token.jwt")
        try "header.payload.signature".write(to: token, atomically: true, encoding: .utf8)
        try writeConfig("""
            [profile ci]
            role_arn = \(role("r3"))
            web_identity_token_file = \(token.path)
            role_session_name = ci-run
            """)
        let doc = try resolve(["--profile", "ci", "--no-cache"], env: env)
        XCTAssertEqual((doc["source"] as? [String: Any])?["kind"] as? String, "web-identity")
        XCTAssertEqual((doc["source"] as? [String: Any])?["profile"] as? String, "ci")
        XCTAssertTrue(try moto.callerArn(keys: try XCTUnwrap(Self.credentials(doc))).contains("r3"))
    }

    func testCredentialSourceEnvironment() throws {
        try writeConfig("""
            [profile cs]
            role_arn = \(role("r2"))
            credential_source = Environment
            role_session_name = cs
            """)
        var e = env
        for (k, v) in Self.user.environment { e[k] = v }
        let doc = try resolve(["--profile", "cs", "--no-cache"], env: e)
        XCTAssertEqual(try moto.callerArn(keys: try XCTUnwrap(Self.credentials(doc))),
                       "arn:aws:sts::\(MotoServer.accountID):assumed-role/r2/cs")
    }

    func testMFAWithoutTerminalIsAClearError() throws {
        try writeChain()
        try writeConfig((try String(contentsOf: configURL, encoding: .utf8)) + """

            [profile mfa]
            role_arn = \(role("r1"))
            source_profile = base
            mfa_serial = arn:aws:iam::123456789012:mfa/me
            """)
        let err = try fail(["--profile", "mfa", "--non-interactive"], env: env, status: 1)
        XCTAssertTrue(err.contains("MFA"), err)
        XCTAssertTrue(err.contains("mfa_serial"), err)
    }

    // MARK: cache

    func cacheFiles() -> [URL] {
        ((try? FileManager.default.contentsOfDirectory(at: cacheDir, includingPropertiesForKeys: nil)) ?? [])
            .filter { $0.pathExtension == "json" }
    }

    func testCacheIsReusedWithoutTheEmulator() throws {
        // Its own moto: this test stops it.
        let own = try MotoServer.start()
        let keys = try own.createUserWithKeys(name: "cache-user").keys
        try own.createRole(name: "cached")
        try writeCredentials("[base]\naws_access_key_id = \(keys.accessKeyId)\naws_secret_access_key = \(keys.secretAccessKey)\n")
        try writeConfig("[profile c]\nrole_arn = \(role("cached"))\nsource_profile = base\n")
        let first = try resolve(["--profile", "c"], env: own.endpointEnvironment)
        let files = cacheFiles()
        XCTAssertEqual(files.count, 1)
        let attrs = try FileManager.default.attributesOfItem(atPath: files[0].path)
        XCTAssertEqual((attrs[.posixPermissions] as? NSNumber)?.intValue, 0o600)
        let dirAttrs = try FileManager.default.attributesOfItem(atPath: cacheDir.path)
        XCTAssertEqual((dirAttrs[.posixPermissions] as? NSNumber)?.intValue, 0o700)

        own.stop()
        let second = try resolve(["--profile", "c"], env: own.endpointEnvironment)
        XCTAssertEqual(Self.credentials(second), Self.credentials(first))
        XCTAssertEqual((second["source"] as? [String: Any])?["roleArn"] as? String, role("cached"))

        // --no-cache must not read it: with the emulator gone that is a network error, fast.
        let start = Date()
        let err = try fail(["--profile", "c", "--no-cache"], env: own.endpointEnvironment, status: 1)
        XCTAssertTrue(err.contains("127.0.0.1"), err)
        XCTAssertLessThan(Date().timeIntervalSince(start), 30, "a network that is down fails within seconds")
    }

    func testCacheEntryCloseToExpiryIsRefreshed() throws {
        try writeChain()
        let first = try resolve(["--profile", "one"], env: env)
        let file = try XCTUnwrap(cacheFiles().first)
        // Ten minutes left: inside the 15-minute margin, so it must be replaced.
        var doc = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(contentsOf: file)) as? [String: Any])
        var creds = try XCTUnwrap(doc["credentials"] as? [String: Any])
        creds["Expiration"] = Self.iso(Date().addingTimeInterval(600))
        doc["credentials"] = creds
        try JSONSerialization.data(withJSONObject: doc).write(to: file)
        let second = try resolve(["--profile", "one"], env: env)
        XCTAssertNotEqual(Self.credentials(second)?.accessKeyId, Self.credentials(first)?.accessKeyId)
        let rewritten = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(contentsOf: file)) as? [String: Any])
        XCTAssertEqual((rewritten["credentials"] as? [String: Any])?["AccessKeyId"] as? String, Self.credentials(second)?.accessKeyId)
        // And a fresh entry is reused as is.
        let third = try resolve(["--profile", "one"], env: env)
        XCTAssertEqual(Self.credentials(third), Self.credentials(second))
    }

    func testNoCacheNeitherReadsNorWrites() throws {
        try writeChain()
        let a = try resolve(["--profile", "one", "--no-cache"], env: env)
        let b = try resolve(["--profile", "one", "--no-cache"], env: env)
        XCTAssertEqual(cacheFiles(), [])
        XCTAssertNotEqual(Self.credentials(a)?.accessKeyId, Self.credentials(b)?.accessKeyId)
    }

    /// eks-presign's exact invocation: it reads credentials and region from this output.
    func testEksPresignRunsCredsResolveForARoleProfile() throws {
        try writeChain()
        let r = try Harness.run("eks-presign", ["--cluster-name", "demo", "--profile", "one"],
                                env: Harness.isolatedEnv(home: home, extra: env))
        XCTAssertEqual(r.status, 0, r.stderr)
        let doc = try r.json()
        let token = (doc["status"] as? [String: Any])?["token"] as? String
        XCTAssertTrue(token?.hasPrefix("k8s-aws-v1.") == true)
        XCTAssertEqual(cacheFiles().count, 1, "creds-resolve cached the role credentials for the next kubectl call")
    }

    /// `eks-presign --role-arn` with keys in the environment and no --profile: the role is
    /// assumed with those keys, as `creds-resolve --role-arn` does. (AWS_PROFILE is not an
    /// explicit choice: handed to the child as --profile, it hid the environment's keys.)
    func testEksPresignRoleArnOnTopOfEnvironmentKeys() throws {
        try writeChain()
        for extra in [[:], ["AWS_PROFILE": "two"]] {
            var e = env.merging(extra) { $1 }
            for (k, v) in Self.user.environment { e[k] = v }
            let r = try Harness.run("eks-presign", ["--cluster-name", "demo", "--role-arn", role("r1")],
                                    env: Harness.isolatedEnv(home: home, extra: e))
            XCTAssertEqual(r.status, 0, "\(extra): \(r.stderr)")
            let token = try XCTUnwrap((try r.json()["status"] as? [String: Any])?["token"] as? String)
            var b64 = String(token.dropFirst("k8s-aws-v1.".count)).replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
            while b64.count % 4 != 0 { b64 += "=" }
            let url = String(decoding: try XCTUnwrap(Data(base64Encoded: b64)), as: UTF8.self)
            XCTAssertTrue(url.contains("X-Amz-Security-Token="), "signed with the assumed role's session: \(url)")
            let entry = try XCTUnwrap(cacheFiles().first)
            let cached = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(contentsOf: entry)) as? [String: Any])
            let via = (cached["source"] as? [String: Any])?["via"] as? [String: Any]
            XCTAssertEqual(via?["kind"] as? String, "environment", "\(extra)")
            for f in cacheFiles() { try FileManager.default.removeItem(at: f) }
        }
    }

    // MARK: formats

    func testFormats() throws {
        try writeChain()
        let json = try resolve(["--profile", "one", "--format", "json"], env: env)
        let keys = try XCTUnwrap(Self.credentials(json))

        let cp = try run(["--profile", "one", "--format", "credential-process"], env: env)
        XCTAssertEqual(cp.status, 0, cp.stderr)
        let doc = try cp.json()
        XCTAssertEqual(Set(doc.keys), ["Version", "AccessKeyId", "SecretAccessKey", "SessionToken", "Expiration"])
        XCTAssertEqual(doc["Version"] as? Int, 1)
        XCTAssertEqual(doc["AccessKeyId"] as? String, keys.accessKeyId)

        let envOut = try run(["--profile", "one", "--format", "env"], env: env)
        XCTAssertEqual(envOut.status, 0, envOut.stderr)
        // The lines are what a shell evaluates: check through a real shell.
        let sh = try Harness.run("/bin/sh", ["-c", "eval \"$(cat)\"; printf '%s|%s|%s|%s|%s' \"$AWS_ACCESS_KEY_ID\" \"$AWS_SECRET_ACCESS_KEY\" \"$AWS_SESSION_TOKEN\" \"$AWS_CREDENTIAL_EXPIRATION\" \"$AWS_REGION\""],
                                 stdin: envOut.stdout)
        XCTAssertEqual(sh.out, "\(keys.accessKeyId)|\(keys.secretAccessKey)|\(keys.sessionToken!)|\(keys.expiration!)|eu-west-1")
    }

    func testEnvFormatQuotesAwkwardValues() throws {
        try writeCredentials("[odd]\naws_access_key_id = AKIAODD\naws_secret_access_key = it's $HOME `x` \"q\"\n")
        let r = try run(["--profile", "odd", "--format", "env"])
        XCTAssertEqual(r.status, 0, r.stderr)
        let sh = try Harness.run("/bin/sh", ["-c", "AWS_SESSION_TOKEN=stale; eval \"$(cat)\"; printf '%s|%s' \"$AWS_SECRET_ACCESS_KEY\" \"${AWS_SESSION_TOKEN-unset}\""],
                                 stdin: r.stdout)
        XCTAssertEqual(sh.out, "it's $HOME `x` \"q\"|unset")
    }

    func testEnvelopeFieldsAreKept() throws {
        try writeChain()
        let input = #"{"identity":"dev-admin","clusters":[{"name":"a","region":"us-west-2"}],"region":"ap-south-1","credentials":{"Version":1,"AccessKeyId":"OLD","SecretAccessKey":"old"}}"#
        let r = try run(["--profile", "base", "--region", "us-west-2", "--stdin"], stdin: Data(input.utf8))
        XCTAssertEqual(r.status, 0, r.stderr)
        let doc = try r.json()
        XCTAssertEqual(doc["identity"] as? String, "dev-admin")
        XCTAssertEqual((doc["clusters"] as? [[String: Any]])?.first?["name"] as? String, "a")
        XCTAssertEqual(doc["region"] as? String, "us-west-2")
        XCTAssertEqual(Self.credentials(doc), Self.user)
        // Key order of the input is kept.
        let text = r.out
        XCTAssertLessThan(text.range(of: "\"identity\"")!.lowerBound, text.range(of: "\"clusters\"")!.lowerBound)
    }

    // MARK: errors

    func testSTSAccessDenied() throws {
        // moto enforcing IAM: after the two set-up calls, a user without policies is refused.
        var environment = ProcessInfo.processInfo.environment
        environment["INITIAL_NO_AUTH_ACTION_COUNT"] = "2"
        let port = try Harness.freePort()
        let server = try BackgroundProcess(name: "moto-auth", executable: "moto_server",
                                           args: ["-H", "127.0.0.1", "-p", String(port)], environment: environment)
        defer { server.stop() }
        try server.waitForPort(port)
        let setup = """
            import boto3, json, sys
            iam = boto3.client("iam", endpoint_url=sys.argv[1], region_name="us-east-1", aws_access_key_id="AKIASETUP", aws_secret_access_key="x")
            iam.create_user(UserName="nobody")
            k = iam.create_access_key(UserName="nobody")["AccessKey"]
            print(json.dumps({"id": k["AccessKeyId"], "secret": k["SecretAccessKey"]}))
            """
        let out = try Harness.run(BackgroundProcess.which("python3")!, ["-c", setup, "http://127.0.0.1:\(port)"],
                                  env: ["AWS_CONFIG_FILE": "/dev/null", "AWS_SHARED_CREDENTIALS_FILE": "/dev/null", "HOME": home.path])
        XCTAssertEqual(out.status, 0, out.stderr)
        let k = try out.json()
        let keys = AWSKeys(accessKeyId: k["id"] as! String, secretAccessKey: k["secret"] as! String)
        try writeCredentials("[nobody]\naws_access_key_id = \(keys.accessKeyId)\naws_secret_access_key = \(keys.secretAccessKey)\n")
        try writeConfig("[profile denied]\nrole_arn = \(role("r1"))\nsource_profile = nobody\n")
        let err = try fail(["--profile", "denied"], env: ["AWS_ENDPOINT_URL_STS": "http://127.0.0.1:\(port)"], status: 1)
        XCTAssertTrue(err.contains("profile denied"), err)
        XCTAssertTrue(err.contains("AccessDenied"), err)
        XCTAssertTrue(err.contains("not authorized to perform: sts:AssumeRole"), err)
        assertNoSecrets(err, [keys])
    }

    func testSourceProfileLoop() throws {
        try writeConfig("""
            [profile a]
            role_arn = \(role("r1"))
            source_profile = b

            [profile b]
            role_arn = \(role("r2"))
            source_profile = a
            """)
        let err = try fail(["--profile", "a"], env: env, status: 2)
        XCTAssertTrue(err.contains("source_profile loop: a → b → a"), err)
        XCTAssertTrue(err.contains(configURL.path + ":"), err)
    }

    func testMissingSourceProfile() throws {
        try writeConfig("[profile a]\nrole_arn = \(role("r1"))\nsource_profile = ghost\n")
        let err = try fail(["--profile", "a"], env: env, status: 2)
        XCTAssertTrue(err.contains("\(configURL.path):3"), err)
        XCTAssertTrue(err.contains("'ghost'"), err)
    }
}
