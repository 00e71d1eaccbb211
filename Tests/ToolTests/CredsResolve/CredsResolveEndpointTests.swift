import Foundation
import XCTest

/// creds-resolve against the fakes of scripts/fakes: SSO profiles (token reuse, refresh through
/// OIDC, expiry), container credentials (ECS / EKS Pod Identity) and EC2 instance metadata.
final class CredsResolveEndpointTests: CredsResolveTestCase {
    var sso: CredentialFake!
    var ssoEnv: [String: String] { ["AWS_ENDPOINT_URL_SSO": sso.url, "AWS_ENDPOINT_URL_SSO_OIDC": sso.url,
                                    "AWS_ENDPOINT_URL_STS": "http://127.0.0.1:1"] }

    override func tearDownWithError() throws {
        sso?.stop()
        try super.tearDownWithError()
    }

    func startSSO() throws {
        let state = home.appendingPathComponent("sso-state.json")
        try #"{"accessTokens": ["valid-token"], "refreshTokens": {"rt-1": "client-1"}, "roles": ["111122223333/Admin"]}"#
            .write(to: state, atomically: true, encoding: .utf8)
        sso = try CredentialFake.start("sso_portal.py", ["--state", state.path])
    }

    /// The AWS CLI's file name: SHA-1 hex of the session name (or legacy start URL).
    func tokenFile(_ key: String) throws -> URL {
        let r = try Harness.run("/bin/sh", ["-c", "printf %s \"$1\" | sha1sum | cut -d' ' -f1", "sh", key])
        let dir = home.appendingPathComponent(".aws/sso/cache")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir.appendingPathComponent(r.out.trimmingCharacters(in: .whitespacesAndNewlines) + ".json")
    }

    func writeSSOConfig() throws {
        try writeConfig("""
            [profile sso]
            sso_session = corp
            sso_account_id = 111122223333
            sso_role_name = Admin
            region = eu-west-1

            [profile legacy]
            sso_start_url = https://legacy.awsapps.com/start
            sso_region = us-east-1
            sso_account_id = 111122223333
            sso_role_name = Admin

            [sso-session corp]
            sso_start_url = https://corp.awsapps.com/start
            sso_region = us-east-1
            sso_registration_scopes = sso:account:access
            """)
    }

    func testValidSSOTokenIsReusedUnchanged() throws {
        try startSSO()
        try writeSSOConfig()
        let file = try tokenFile("corp")
        let text = #"{"startUrl": "https://corp.awsapps.com/start", "region": "us-east-1", "accessToken": "valid-token", "expiresAt": "\#(Self.iso(Date().addingTimeInterval(3 * 3600)))"}"#
        try text.write(to: file, atomically: true, encoding: .utf8)
        let doc = try resolve(["--profile", "sso", "--no-cache"], env: ssoEnv)
        XCTAssertEqual(Self.credentials(doc)?.accessKeyId, "ASIASSOADMIN")
        XCTAssertNotNil(Self.credentials(doc)?.expiration)
        let source = try XCTUnwrap(doc["source"] as? [String: Any])
        XCTAssertEqual(source["kind"] as? String, "sso")
        XCTAssertEqual(source["profile"] as? String, "sso")
        XCTAssertEqual(source["accountId"] as? String, "111122223333")
        XCTAssertEqual(doc["region"] as? String, "eu-west-1")
        XCTAssertEqual(try String(contentsOf: file, encoding: .utf8), text, "a valid token file is never rewritten")
        let reqs = sso.requests()
        XCTAssertEqual(reqs.count, 1)
        XCTAssertEqual(reqs.first?["token"] as? String, "valid-token")
        XCTAssertEqual(reqs.first?["account"] as? String, "111122223333")
        XCTAssertEqual(reqs.first?["role"] as? String, "Admin")
    }

    func testLegacyProfileUsesStartURLKey() throws {
        try startSSO()
        try writeSSOConfig()
        try #"{"startUrl": "https://legacy.awsapps.com/start", "region": "us-east-1", "accessToken": "valid-token", "expiresAt": "\#(Self.iso(Date().addingTimeInterval(7200)))"}"#
            .write(to: try tokenFile("https://legacy.awsapps.com/start"), atomically: true, encoding: .utf8)
        let doc = try resolve(["--profile", "legacy", "--no-cache"], env: ssoEnv)
        XCTAssertEqual(Self.credentials(doc)?.accessKeyId, "ASIASSOADMIN")
    }

    func testExpiringTokenIsRefreshedAndWrittenBackInTheCLIFormat() throws {
        try startSSO()
        try writeSSOConfig()
        let file = try tokenFile("corp")
        let old: [String: Any] = ["startUrl": "https://corp.awsapps.com/start", "region": "us-east-1", "accessToken": "old-token",
                                  "expiresAt": Self.iso(Date().addingTimeInterval(300)), "clientId": "client-1", "clientSecret": "client-secret",
                                  "registrationExpiresAt": Self.iso(Date().addingTimeInterval(86400 * 30)), "refreshToken": "rt-1"]
        try JSONSerialization.data(withJSONObject: old).write(to: file)
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: file.path)
        let doc = try resolve(["--profile", "sso"], env: ssoEnv)
        XCTAssertEqual(Self.credentials(doc)?.accessKeyId, "ASIASSOADMIN")
        let reqs = sso.requests()
        XCTAssertEqual(reqs.map { $0["path"] as? String }, ["/token", "/federation/credentials"])
        XCTAssertEqual(reqs[0]["grantType"] as? String, "refresh_token")
        XCTAssertEqual(reqs[0]["clientId"] as? String, "client-1")
        XCTAssertEqual(reqs[1]["token"] as? String, "refreshed-access-1")
        let updated = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(contentsOf: file)) as? [String: Any])
        XCTAssertEqual(updated["accessToken"] as? String, "refreshed-access-1")
        XCTAssertEqual(updated["refreshToken"] as? String, "refreshed-refresh-1")
        for key in ["startUrl", "region", "clientId", "clientSecret", "registrationExpiresAt"] {
            XCTAssertEqual(updated[key] as? String, old[key] as? String, key)
        }
        let expiresAt = try XCTUnwrap(ISO8601DateFormatter().date(from: updated["expiresAt"] as! String))
        XCTAssertGreaterThan(expiresAt.timeIntervalSinceNow, 7 * 3600)
        let mode = (try FileManager.default.attributesOfItem(atPath: file.path)[.posixPermissions] as? NSNumber)?.intValue
        XCTAssertEqual(mode, 0o600, "the file holds tokens")
        // The role credentials are cached: the next run makes no request at all.
        _ = try resolve(["--profile", "sso"], env: ssoEnv)
        XCTAssertEqual(sso.requests().count, 2)
    }

    func testExpiredTokenWithoutRefreshTokenSaysHowToLogIn() throws {
        try startSSO()
        try writeSSOConfig()
        try #"{"startUrl": "https://corp.awsapps.com/start", "region": "us-east-1", "accessToken": "valid-token", "expiresAt": "2020-01-01T00:00:00Z"}"#
            .write(to: try tokenFile("corp"), atomically: true, encoding: .utf8)
        let err = try fail(["--profile", "sso", "--non-interactive"], env: ssoEnv, status: 1)
        XCTAssertTrue(err.contains("aws sso login --profile sso"), err)
        XCTAssertTrue(err.contains("ekspipe auth login"), err)
        XCTAssertFalse(err.contains("valid-token"), err)
        XCTAssertEqual(sso.requests().count, 0, "no request with an expired token")
    }

    func testNoSSOLoginAtAll() throws {
        try startSSO()
        try writeSSOConfig()
        let err = try fail(["--profile", "sso"], env: ssoEnv, status: 1)
        XCTAssertTrue(err.contains("aws sso login --profile sso"), err)
    }

    func testTokenRefusedByThePortal() throws {
        try startSSO()
        try writeSSOConfig()
        try #"{"startUrl": "https://corp.awsapps.com/start", "region": "us-east-1", "accessToken": "revoked", "expiresAt": "\#(Self.iso(Date().addingTimeInterval(7200)))"}"#
            .write(to: try tokenFile("corp"), atomically: true, encoding: .utf8)
        let err = try fail(["--profile", "sso"], env: ssoEnv, status: 1)
        XCTAssertTrue(err.contains("UnauthorizedException"), err)
        XCTAssertTrue(err.contains("aws sso login"), err)
    }

    func testMissingSSOSession() throws {
        try writeConfig("[profile sso]\nsso_session = nowhere\nsso_account_id = 1\nsso_role_name = r\n")
        let err = try fail(["--profile", "sso"], status: 2)
        XCTAssertTrue(err.contains("\(configURL.path):2"), err)
        XCTAssertTrue(err.contains("sso-session nowhere"), err)
    }

    // MARK: container

    func testContainerCredentialsWithTokenFile() throws {
        let fake = try CredentialFake.start("container_creds.py", ["--token", "pod-identity-token"])
        defer { fake.stop() }
        let tokenFile = home.appendingPathComponent("eks-pod-identity-token")
        try "pod-identity-token\n".write(to: tokenFile, atomically: true, encoding: .utf8)
        let doc = try resolve(["--no-cache"], env: ["AWS_CONTAINER_CREDENTIALS_FULL_URI": fake.url + "/v1/credentials",
                                                    "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE": tokenFile.path])
        XCTAssertEqual(Self.credentials(doc), AWSKeys(accessKeyId: "ASIACONTAINER0000001", secretAccessKey: "container-secret",
                                                      sessionToken: "container-session-token", expiration: Self.credentials(doc)?.expiration))
        XCTAssertEqual(doc["source"] as? [String: String], ["kind": "container"])
        XCTAssertEqual(fake.requests().first?["authorization"] as? String, "pod-identity-token")
        XCTAssertEqual(fake.requests().first?["path"] as? String, "/v1/credentials")
    }

    func testContainerRefusal() throws {
        let fake = try CredentialFake.start("container_creds.py", ["--token", "right"])
        defer { fake.stop() }
        let err = try fail(["--no-cache"], env: ["AWS_CONTAINER_CREDENTIALS_FULL_URI": fake.url,
                                                 "AWS_CONTAINER_AUTHORIZATION_TOKEN": "wrong"], status: 1)
        XCTAssertTrue(err.contains("AWS_CONTAINER_CREDENTIALS_FULL_URI"), err)
        XCTAssertTrue(err.contains("AccessDeniedException"), err)
        XCTAssertFalse(err.contains("wrong"), err)
    }

    func testServerErrorsAreRetriedThenReported() throws {
        let fake = try CredentialFake.start("container_creds.py", ["--status", "503"])
        defer { fake.stop() }
        let err = try fail(["--no-cache"], env: ["AWS_CONTAINER_CREDENTIALS_FULL_URI": fake.url], status: 1)
        XCTAssertTrue(err.contains("ServerError: the agent failed"), err)
        XCTAssertEqual(fake.requests().count, 3, "3 attempts, as the SDKs' standard retry mode")
    }

    func testContainerFullURIMustBeLocalOrHTTPS() throws {
        let err = try fail([], env: ["AWS_CONTAINER_CREDENTIALS_FULL_URI": "http://203.0.113.9/creds"], status: 2)
        XCTAssertTrue(err.contains("AWS_CONTAINER_CREDENTIALS_FULL_URI"), err)
    }

    // MARK: instance metadata

    func testInstanceMetadataV2() throws {
        let fake = try CredentialFake.start("imds.py", ["--v2-only", "--role", "web-server"])
        defer { fake.stop() }
        let doc = try resolve(["--no-cache"], env: ["AWS_EC2_METADATA_DISABLED": "false",
                                                    "AWS_EC2_METADATA_SERVICE_ENDPOINT": fake.url])
        XCTAssertEqual(Self.credentials(doc)?.accessKeyId, "ASIAIMDS0000000000001")
        XCTAssertEqual(doc["source"] as? [String: String], ["kind": "imds", "role": "web-server"])
        let reqs = fake.requests()
        XCTAssertEqual(reqs.map { $0["method"] as? String }, ["PUT", "GET", "GET"])
        XCTAssertEqual(reqs.dropFirst().map { $0["token"] as? Bool }, [true, true], "IMDSv2: every GET carries the session token")
    }

    func testInstanceMetadataDisableSwitch() throws {
        let fake = try CredentialFake.start("imds.py")
        defer { fake.stop() }
        let err = try fail([], env: ["AWS_EC2_METADATA_DISABLED": "true", "AWS_EC2_METADATA_SERVICE_ENDPOINT": fake.url], status: 1)
        XCTAssertTrue(err.contains("no AWS credentials found"), err)
        XCTAssertEqual(fake.requests().count, 0)
    }

    func testUnreachableInstanceMetadataIsQuick() throws {
        // A blackhole address: the 1-second IMDS timeout, not minutes.
        let start = Date()
        let err = try fail([], env: ["AWS_EC2_METADATA_DISABLED": "false", "AWS_EC2_METADATA_SERVICE_ENDPOINT": "http://10.255.255.1"], status: 1)
        XCTAssertTrue(err.contains("no AWS credentials found"), err)
        XCTAssertLessThan(Date().timeIntervalSince(start), 10)
    }
}
