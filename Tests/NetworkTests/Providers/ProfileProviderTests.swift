import Common
import Foundation
import XCTest
@testable import Network

/// A profile's kinds as ProfileProvider dispatches them (role chains have their own tests).
final class ProfileProviderTests: XCTestCase {
    let quiet = ScriptedTransport { _, _ in XCTFail("no request expected"); return Fixture.json(500, "") }

    func provider(_ name: String, _ files: AWSConfigFiles, _ t: ScriptedTransport? = nil) throws -> ProfileProvider {
        ProfileProvider(name: name, section: try XCTUnwrap(files.profile(name)), context: Fixture.context(t ?? quiet, files: files))
    }

    func testStaticKeysBeforeCredentialProcess() throws {
        let files = try Fixture.files(self, config: "[profile dev]\ncredential_process = /bin/false\n",
                                      credentials: "[dev]\naws_access_key_id = AKIDDEV\naws_secret_access_key = s\n")
        let r = try XCTUnwrap(provider("dev", files).resolve())
        XCTAssertEqual(r.credentials.accessKeyId, "AKIDDEV")
        XCTAssertEqual(r.source["kind"]?.string, "profile")
    }

    func testCredentialProcess() throws {
        let doc = #"{"Version": 1, "AccessKeyId": "ASIAPROC", "SecretAccessKey": "s", "SessionToken": "t", "Expiration": "2026-11-22T13:00:00Z"}"#
        let files = try Fixture.files(self, config: "[profile p]\ncredential_process = /bin/echo '\(doc)'\n")
        let r = try XCTUnwrap(provider("p", files).resolve())
        XCTAssertEqual(r.credentials.accessKeyId, "ASIAPROC")
        XCTAssertEqual(r.credentials.expiration, Timestamp.parse("2026-11-22T13:00:00Z"))
        XCTAssertEqual(r.source["kind"]?.string, "credential-process")
    }

    func testCredentialProcessFailures() throws {
        let files = try Fixture.files(self, config: """
            [profile fails]
            credential_process = /bin/false
            [profile quote]
            credential_process = /bin/echo 'open
            [profile junk]
            credential_process = /bin/echo not-json
            [profile half]
            credential_process = /bin/echo '{"Version":1,"AccessKeyId":"A"}'
            """)
        XCTAssertThrowsError(try provider("fails", files).resolve()) { e in
            XCTAssertEqual(Fixture.message(e), "credential_process /bin/false exited with status 1")
        }
        XCTAssertThrowsError(try provider("quote", files).resolve()) { e in
            XCTAssertTrue(Fixture.message(e).hasSuffix("config:4: credential_process has an unterminated quote"), "\(e)")
            XCTAssertEqual((e as? ToolError)?.exitCode, .usage)
        }
        XCTAssertThrowsError(try provider("junk", files).resolve()) { e in
            XCTAssertTrue(Fixture.message(e).hasPrefix("credential_process /bin/echo printed invalid JSON"), "\(e)")
        }
        XCTAssertThrowsError(try provider("half", files).resolve()) { e in
            XCTAssertTrue(Fixture.message(e).contains("SecretAccessKey"), "\(e)")
        }
    }

    func testProfileWebIdentityAndItsRefusal() throws {
        let dir = try Fixture.directory(self)
        try Fixture.write("jwt", dir.appendingPathComponent("t"))
        let files = try Fixture.files(self, config: """
            [profile web]
            role_arn = arn:aws:iam::1:role/web
            web_identity_token_file = \(dir.appendingPathComponent("t").path)
            role_session_name = mine
            [profile norole]
            web_identity_token_file = /x
            """)
        let t = ScriptedTransport { _, _ in Fixture.sts("AssumeRoleWithWebIdentity", id: "ASIAWEB") }
        let r = try XCTUnwrap(provider("web", files, t).resolve())
        XCTAssertEqual(r.source["profile"]?.string, "web")
        XCTAssertEqual(Fixture.form(t.requests[0])["RoleSessionName"], "mine")
        XCTAssertThrowsError(try provider("norole", files).resolve()) { e in
            XCTAssertTrue(Fixture.message(e).hasSuffix("profile 'norole' has web_identity_token_file but no role_arn"), "\(e)")
        }
    }

    func testProfileWithoutCredentialsIsNil() throws {
        let files = try Fixture.files(self, config: "[profile bare]\nregion = eu-west-1\n")
        XCTAssertNil(try provider("bare", files).resolve())
    }
}
