import XCTest
@testable import Common

/// The typed errors of credential documents and static keys: structured fields, exit codes and
/// the wording the tool tests match on stderr.
final class CredentialErrorsTests: XCTestCase {
    func testCredentialDocumentProblems() throws {
        XCTAssertThrowsError(try Credentials(credentialProcess: try JSON.parse(Array("[1]".utf8), source: "t"), at: "stdin")) { error in
            XCTAssertEqual(error as? CredentialDocumentError, CredentialDocumentError(document: "stdin", .notObject(found: "an array")))
            XCTAssertEqual((error as? ToolError)?.exitCode, .usage)
        }
        let doc = try JSON.parse(Array(#"{"AccessKeyId": "", "SecretAccessKey": "s"}"#.utf8), source: "t")
        XCTAssertThrowsError(try Credentials(credentialProcess: doc, at: "out", requireVersion: true)) { error in
            XCTAssertEqual(error as? CredentialDocumentError, CredentialDocumentError(document: "out", .versionMissing))
            XCTAssertEqual((error as? ToolError)?.message, "out.Version: missing (a credential_process must print \"Version\": 1)")
        }
        XCTAssertThrowsError(try Credentials(credentialProcess: doc, at: "out")) { error in
            XCTAssertEqual((error as? ToolError)?.message, "out.AccessKeyId: empty")
        }
    }

    func testEnvironmentKeysProblems() {
        let now = Timestamp.parse("2026-11-22T12:00:00Z")!
        XCTAssertThrowsError(try EnvironmentKeysProvider(environment: Environment(["AWS_ACCESS_KEY_ID": "AKID"]), now: now).keys()) { error in
            XCTAssertEqual(error as? StaticKeysError, StaticKeysError(.environmentWithoutSecret))
            XCTAssertEqual((error as? ToolError)?.exitCode, .usage)
        }
        let expired = Environment(["AWS_ACCESS_KEY_ID": "AKID", "AWS_SECRET_ACCESS_KEY": "s", "AWS_CREDENTIAL_EXPIRATION": "2026-11-22T11:00:00Z"])
        XCTAssertThrowsError(try EnvironmentKeysProvider(environment: expired, now: now).resolve()) { error in
            XCTAssertEqual(error as? StaticKeysError, StaticKeysError(.environmentExpired(at: "2026-11-22T11:00:00Z")))
            XCTAssertEqual((error as? ToolError)?.exitCode, .runtime)
            XCTAssertEqual((error as? ToolError)?.message,
                           "environment: the credentials expired at 2026-11-22T11:00:00Z (AWS_CREDENTIAL_EXPIRATION); refresh them or unset AWS_ACCESS_KEY_ID")
        }
    }

    func testSettingValue() {
        let e = AWSSettingValueError(origin: "config:4", setting: "sts_regional_endpoints", expected: "legacy or regional")
        XCTAssertEqual(e.exitCode, .usage)
        XCTAssertEqual(e.message, "config:4: sts_regional_endpoints must be legacy or regional")
    }
}
