import Common
import Foundation
import XCTest
@testable import Network

/// SSO profiles of the shared config: the AWS CLI's token reused, refreshed near expiry
/// (sso-session form only), traded at the portal; the refusals name what to run.
final class SSOProfileProviderTests: XCTestCase {
    let config = """
        [profile sso]
        sso_session = corp
        sso_account_id = 111122223333
        sso_role_name = Dev
        [sso-session corp]
        sso_start_url = https://corp.awsapps.com/start
        sso_region = us-east-1
        [profile legacy]
        sso_start_url = https://old.awsapps.com/start
        sso_region = us-east-1
        sso_account_id = 111122223333
        sso_role_name = Dev
        [profile partial]
        sso_session = corp
        """
    let roleCredentials = #"{"roleCredentials":{"accessKeyId":"ASIASSO","secretAccessKey":"s","sessionToken":"t","expiration":1795003200000}}"#
    var tokens: URL!

    override func setUpWithError() throws { tokens = try Fixture.directory(self) }

    /// Writes the CLI's token file for `key` expiring `minutes` after the fixture's now.
    func token(_ key: String, minutes: Int64, refreshable: Bool = false) throws {
        var doc = #"{"startUrl":"u","region":"us-east-1","accessToken":"cli-access","expiresAt":"\#((Fixture.now + minutes * 60).iso8601)""#
        if refreshable { doc += #","clientId":"cid","clientSecret":"cs","refreshToken":"rt","registrationExpiresAt":"2027-01-01T00:00:00Z""# }
        try Fixture.write(doc + "}", tokens.appendingPathComponent(Encoding.hex(Hashing.sha1(key)) + ".json"))
    }

    func resolve(_ name: String, _ t: ScriptedTransport) throws -> ResolvedCredentials? {
        let files = try Fixture.files(self, config: config)
        var p = SSOProfileProvider(name: name, section: try XCTUnwrap(files.profile(name)), context: Fixture.context(t, files: files, profile: name))
        p.tokenDirectory = tokens.path
        return try p.resolve()
    }

    func testValidTokenIsTradedAtThePortal() throws {
        try token("corp", minutes: 120)
        let t = ScriptedTransport { _, _ in Fixture.json(200, self.roleCredentials) }
        let r = try XCTUnwrap(resolve("sso", t))
        XCTAssertEqual(r.credentials.accessKeyId, "ASIASSO")
        XCTAssertEqual(r.credentials.expiration, Timestamp(seconds: 1_795_003_200))
        XCTAssertEqual(r.source["startUrl"]?.string, "https://corp.awsapps.com/start")
        XCTAssertEqual(t.requests.count, 1)
        XCTAssertEqual(t.requests[0].header("x-amz-sso_bearer_token"), "cli-access")
        XCTAssertTrue(t.requests[0].url.contains("account_id=111122223333"), t.requests[0].url)
    }

    func testNearExpiryRefreshesAndRewritesTheCLIFile() throws {
        try token("corp", minutes: 5, refreshable: true)
        let t = ScriptedTransport { r, _ in
            r.url.hasSuffix("/token") ? Fixture.json(200, #"{"accessToken":"new-access","expiresIn":3600,"refreshToken":"rt2"}"#)
                                      : Fixture.json(200, self.roleCredentials)
        }
        _ = try resolve("sso", t)
        XCTAssertEqual(t.requests.count, 2)
        XCTAssertEqual(t.requests[1].header("x-amz-sso_bearer_token"), "new-access")
        let file = try String(contentsOf: tokens.appendingPathComponent(Encoding.hex(Hashing.sha1("corp")) + ".json"), encoding: .utf8)
        XCTAssertTrue(file.contains("new-access") && file.contains("rt2") && file.contains((Fixture.now + 3600).iso8601), file)
        XCTAssertTrue(file.contains(#""clientId":"cid""#), "other fields kept")
    }

    func testFailedRefreshOfAStillValidTokenIsFine() throws {
        try token("corp", minutes: 5, refreshable: true)
        let t = ScriptedTransport { r, _ in
            r.url.hasSuffix("/token") ? Fixture.json(400, #"{"error":"invalid_grant"}"#) : Fixture.json(200, self.roleCredentials)
        }
        XCTAssertNotNil(try resolve("sso", t))
        XCTAssertEqual(t.requests.last?.header("x-amz-sso_bearer_token"), "cli-access")
    }

    func testRefusals() throws {
        let t = ScriptedTransport { _, _ in Fixture.json(401, #"{"message":"Session token not found or invalid"}"#) }
        XCTAssertThrowsError(try resolve("sso", t)) { e in
            XCTAssertTrue(Fixture.message(e).hasPrefix("no SSO login for https://corp.awsapps.com/start"), "\(e)")
            XCTAssertTrue(Fixture.message(e).hasSuffix("run: aws sso login --profile sso (or ekspipe auth login)"), "\(e)")
        }
        try token("https://old.awsapps.com/start", minutes: -1)
        XCTAssertThrowsError(try resolve("legacy", t)) { e in
            XCTAssertTrue(Fixture.message(e).contains("expired at \((Fixture.now - 60).iso8601)"), "a legacy token is never refreshed: \(e)")
        }
        XCTAssertThrowsError(try resolve("partial", t)) { e in XCTAssertTrue(Fixture.message(e).contains("needs sso_account_id and sso_role_name"), "\(e)") }
        XCTAssertTrue(t.requests.isEmpty)
        try token("corp", minutes: 120)
        XCTAssertThrowsError(try resolve("sso", t)) { e in XCTAssertTrue(Fixture.message(e).hasPrefix("the SSO portal refused the cached token"), "\(e)") }
    }
}
