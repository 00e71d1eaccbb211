import Common
import Foundation
import XCTest
@testable import Network

final class WebIdentityProviderTests: XCTestCase {
    func testEnvironmentWebIdentity() throws {
        let dir = try Fixture.directory(self)
        try Fixture.write("  the-jwt\n", dir.appendingPathComponent("token"))
        let t = ScriptedTransport { _, _ in Fixture.sts("AssumeRoleWithWebIdentity", id: "ASIAWEB") }
        let ctx = Fixture.context(t, files: try Fixture.files(self, config: ""),
                                  env: ["AWS_WEB_IDENTITY_TOKEN_FILE": dir.appendingPathComponent("token").path, "AWS_ROLE_ARN": "arn:aws:iam::1:role/irsa"])
        let r = try XCTUnwrap(try WebIdentityProvider.fromEnvironment(ctx)?.resolve())
        XCTAssertEqual(r.credentials.accessKeyId, "ASIAWEB")
        XCTAssertEqual(r.source["kind"]?.string, "web-identity")
        XCTAssertEqual(r.source["roleArn"]?.string, "arn:aws:iam::1:role/irsa")
        let form = Fixture.form(try XCTUnwrap(t.requests.first))
        XCTAssertEqual(form["WebIdentityToken"], "the-jwt", "the token trimmed")
        XCTAssertEqual(form["RoleSessionName"], "ekspipe-\(Fixture.now.seconds)")
        XCTAssertNil(t.requests.first?.header("Authorization"), "unsigned")
    }

    func testAbsentAndRefused() throws {
        let t = ScriptedTransport { _, _ in XCTFail("no request"); return ScriptedTransport.xml(500, "") }
        let files = try Fixture.files(self, config: "")
        XCTAssertNil(try WebIdentityProvider.fromEnvironment(Fixture.context(t, files: files)))
        XCTAssertThrowsError(try WebIdentityProvider.fromEnvironment(Fixture.context(t, files: files, env: ["AWS_WEB_IDENTITY_TOKEN_FILE": "/x"]))) { e in
            XCTAssertEqual(Fixture.message(e), "environment: AWS_WEB_IDENTITY_TOKEN_FILE is set but AWS_ROLE_ARN is not")
        }
        let dir = try Fixture.directory(self)
        try Fixture.write("\n", dir.appendingPathComponent("empty"))
        let empty = WebIdentityProvider(tokenFile: dir.appendingPathComponent("empty").path, roleArn: "arn:aws:iam::1:role/r", sessionName: nil,
                                        profile: "p", context: Fixture.context(t, files: files))
        XCTAssertThrowsError(try empty.resolve()) { e in XCTAssertTrue(Fixture.message(e).contains("is empty"), "\(e)") }
        let missing = WebIdentityProvider(tokenFile: dir.appendingPathComponent("none").path, roleArn: "arn:aws:iam::1:role/r", sessionName: nil,
                                          profile: "p", context: Fixture.context(t, files: files))
        XCTAssertThrowsError(try missing.resolve()) { e in XCTAssertTrue(Fixture.message(e).hasPrefix("cannot read the web identity token"), "\(e)") }
    }
}
