import Common
import Foundation
import XCTest
@testable import Network

/// `role_arn` profiles: source_profile chains, credential_source, MFA, and the refusals.
final class AssumeRoleProfileProviderTests: XCTestCase {
    let config = """
        [profile base]
        aws_access_key_id = AKIDBASE
        aws_secret_access_key = s
        [profile mid]
        role_arn = arn:aws:iam::1:role/mid
        source_profile = base
        [profile top]
        role_arn = arn:aws:iam::1:role/top
        source_profile = mid
        external_id = ext
        duration_seconds = 1800
        [profile loop1]
        role_arn = arn:aws:iam::1:role/l
        source_profile = loop2
        [profile loop2]
        role_arn = arn:aws:iam::1:role/l
        source_profile = loop1
        [profile both]
        role_arn = arn:aws:iam::1:role/b
        source_profile = base
        credential_source = Environment
        [profile ghost]
        role_arn = arn:aws:iam::1:role/g
        source_profile = nowhere
        [profile env]
        role_arn = arn:aws:iam::1:role/e
        credential_source = Environment
        [profile mfa]
        role_arn = arn:aws:iam::1:role/m
        source_profile = base
        mfa_serial = arn:aws:iam::1:mfa/me
        [profile short]
        role_arn = arn:aws:iam::1:role/s
        source_profile = base
        duration_seconds = 60
        """

    /// Each AssumeRole answers with credentials named after the role.
    func transport() -> ScriptedTransport {
        ScriptedTransport { r, _ in
            let role = Fixture.form(r)["RoleArn"]?.split(separator: "/").last.map(String.init) ?? "x"
            return Fixture.sts("AssumeRole", id: "ASIA-\(role)")
        }
    }

    func resolve(_ name: String, _ t: ScriptedTransport, env: [String: String] = [:], interactive: Bool = false,
                 mfa: @escaping (String, String) throws -> String = { _, _ in XCTFail("no prompt"); return "" }) throws -> ResolvedCredentials? {
        let files = try Fixture.files(self, config: config)
        let ctx = Fixture.context(t, files: files, env: env, profile: name, interactive: interactive, mfa: mfa)
        return try ProfileProvider(name: name, section: XCTUnwrap(files.profile(name)), context: ctx).resolve()
    }

    func testTwoHopChain() throws {
        let t = transport()
        let r = try XCTUnwrap(resolve("top", t))
        XCTAssertEqual(r.credentials.accessKeyId, "ASIA-top")
        XCTAssertEqual(t.requests.count, 2)
        XCTAssertEqual(Fixture.signer(t.requests[0]), "AKIDBASE", "mid is assumed with base's keys")
        XCTAssertEqual(Fixture.signer(t.requests[1]), "ASIA-mid", "top with mid's session")
        let form = Fixture.form(t.requests[1])
        XCTAssertEqual(form["ExternalId"], "ext")
        XCTAssertEqual(form["DurationSeconds"], "1800")
        XCTAssertEqual(r.source["via"]?["via"]?["kind"]?.string, "profile")
    }

    func testRefusals() throws {
        let t = transport()
        XCTAssertThrowsError(try resolve("loop1", t)) { e in XCTAssertTrue(Fixture.message(e).contains("source_profile loop: loop1 → loop2 → loop1"), "\(e)") }
        XCTAssertThrowsError(try resolve("both", t)) { e in XCTAssertTrue(Fixture.message(e).contains("has both source_profile and credential_source"), "\(e)") }
        XCTAssertThrowsError(try resolve("ghost", t)) { e in XCTAssertTrue(Fixture.message(e).contains("source_profile 'nowhere' of profile 'ghost' does not exist"), "\(e)") }
        XCTAssertThrowsError(try resolve("short", t)) { e in XCTAssertTrue(Fixture.message(e).contains("duration_seconds must be"), "\(e)") }
        XCTAssertThrowsError(try resolve("env", t)) { e in XCTAssertEqual(Fixture.message(e), "credential_source Environment, but AWS_ACCESS_KEY_ID is not set") }
        XCTAssertTrue(t.requests.isEmpty, "every refusal comes before any call")
    }

    func testCredentialSourceEnvironment() throws {
        let t = transport()
        let r = try XCTUnwrap(resolve("env", t, env: ["AWS_ACCESS_KEY_ID": "AKIDENV", "AWS_SECRET_ACCESS_KEY": "s"]))
        XCTAssertEqual(r.credentials.accessKeyId, "ASIA-e")
        XCTAssertEqual(Fixture.signer(t.requests[0]), "AKIDENV")
    }

    func testMFA() throws {
        let t = transport()
        XCTAssertThrowsError(try resolve("mfa", t)) { e in
            XCTAssertTrue(Fixture.message(e).contains("needs an MFA code (mfa_serial arn:aws:iam::1:mfa/me) and this run may not prompt"), "\(e)")
        }
        var asked: [String] = []
        _ = try resolve("mfa", t, interactive: true) { serial, owner in asked.append("\(owner) \(serial)"); return "123456" }
        XCTAssertEqual(asked, ["profile mfa arn:aws:iam::1:mfa/me"])
        XCTAssertEqual(Fixture.form(t.requests[0])["TokenCode"], "123456")
        XCTAssertEqual(Fixture.form(t.requests[0])["SerialNumber"], "arn:aws:iam::1:mfa/me")
    }
}
