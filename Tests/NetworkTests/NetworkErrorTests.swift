import Common
import Foundation
import XCTest
@testable import Network

/// The Network domains' typed errors: the providers throw structured problems, and each
/// error's exit code and wording come from its one `message` switch (the tool tests match
/// the same words on stderr).
final class NetworkErrorTests: XCTestCase {
    /// The innermost typed error under any CredentialSourceError naming.
    func unwrap<E: ToolError>(_ error: Error, as: E.Type) -> E? {
        var e: Error = error
        while let named = e as? CredentialSourceError { e = named.underlying }
        return e as? E
    }

    func testSourceProfileLoopCarriesTheChainAndLocation() throws {
        let config = """
            [profile loop1]
            role_arn = arn:aws:iam::1:role/l
            source_profile = loop2
            [profile loop2]
            role_arn = arn:aws:iam::1:role/l
            source_profile = loop1
            """
        let files = try Fixture.files(self, config: config)
        let ctx = Fixture.context(ScriptedTransport { _, _ in Fixture.sts("AssumeRole", id: "ASIA") }, files: files, profile: "loop1")
        XCTAssertThrowsError(try ProfileProvider(name: "loop1", section: XCTUnwrap(files.profile("loop1")), context: ctx).resolve()) { error in
            guard let e = unwrap(error, as: ProfileConfigError.self) else { return XCTFail("not a ProfileConfigError: \(error)") }
            XCTAssertEqual(e.problem, .sourceProfileLoop(chain: ["loop1", "loop2", "loop1"]))
            XCTAssertTrue(e.location.hasSuffix("config:6"), e.location)
            XCTAssertEqual(e.profile, "loop2")
            XCTAssertEqual(e.exitCode, .usage)
            XCTAssertEqual(e.message, "\(e.location): source_profile loop: loop1 → loop2 → loop1")
        }
    }

    func testEndpointErrorsFromResolution() {
        XCTAssertThrowsError(try ServiceEndpoint.resolve(.eks, region: "us east")) { error in
            XCTAssertEqual(error as? EndpointError, EndpointError(.badRegion("us east")))
            XCTAssertEqual((error as? ToolError)?.exitCode, .usage)
            XCTAssertEqual((error as? ToolError)?.message,
                           "region 'us east' cannot be part of a host name (letters, digits and dashes, like us-east-2)")
        }
        XCTAssertThrowsError(try ServiceEndpoint.resolve(.eks, region: nil)) { error in
            XCTAssertEqual(error as? EndpointError, EndpointError(.noRegion(service: "EKS")))
            XCTAssertEqual((error as? ToolError)?.exitCode, .runtime)
            XCTAssertEqual((error as? ToolError)?.message, "no region for EKS: pass --region or set AWS_REGION")
        }
    }

    func testSSOTokenCacheThatIsNotAnObject() throws {
        let dir = try Fixture.directory(self)
        let path = SSOTokenCache.path(forKey: "https://example.awsapps.com/start", directory: dir.path)
        try Fixture.write("[1]", URL(fileURLWithPath: path))
        XCTAssertThrowsError(try SSOTokenCache.read(key: "https://example.awsapps.com/start", directory: dir.path)) { error in
            XCTAssertEqual(error as? SSOError, SSOError(.notTokenDocument(path: path)))
            XCTAssertEqual((error as? ToolError)?.exitCode, .usage)
            XCTAssertEqual((error as? ToolError)?.message, "\(path): expected a JSON object (an AWS CLI SSO token)")
        }
    }

    func testCredentialProcessExitCodesByProblem() {
        XCTAssertThrowsError(try CredentialProcessProvider(command: "'open", location: "config:3", profile: "p").resolve()) { error in
            XCTAssertEqual(error as? CredentialProcessError, CredentialProcessError(program: "", .unterminatedQuote(location: "config:3")))
            XCTAssertEqual((error as? ToolError)?.exitCode, .usage)
            XCTAssertEqual((error as? ToolError)?.message, "config:3: credential_process has an unterminated quote")
        }
        XCTAssertThrowsError(try CredentialProcessProvider(command: "false", location: "config:3", profile: "p").resolve()) { error in
            XCTAssertEqual(error as? CredentialProcessError, CredentialProcessError(program: "false", .exitStatus(1)))
            XCTAssertEqual((error as? ToolError)?.exitCode, .runtime)
            XCTAssertEqual((error as? ToolError)?.message, "credential_process false exited with status 1")
        }
    }

    func testWordingOfRuntimeProblems() {
        let sso = SSOError(.needsBrowser(provider: "corp", hadSession: true, startURL: "https://x/start", hint: "run: ekspipe auth login ops"))
        XCTAssertEqual(sso.exitCode, .runtime)
        XCTAssertEqual(sso.message, "provider corp: the SSO session expired for https://x/start and signing in needs a browser, which this run may not ask for (--non-interactive, or no terminal); run: ekspipe auth login ops")
        let account = IdentityError(at: nil, .noAccount(provider: "corp", name: "prod", known: []))
        XCTAssertEqual(account.exitCode, .runtime)
        XCTAssertEqual(account.message, "provider corp: no account named 'prod' for this sign-in (accounts: none)")
        let kind = IdentityError(at: "auth.yaml:4", .unsupportedKind(identity: "x", kind: "aws/saml"))
        XCTAssertEqual(kind.exitCode, .usage)
        XCTAssertEqual(kind.message, "auth.yaml:4: identity 'x' has kind aws/saml, which ekspipe cannot resolve")
        let answer = ServiceAnswerError(call: "STS AssumeRole", .missing(element: "AssumeRoleResult/Credentials"))
        XCTAssertEqual(answer.exitCode, .runtime)
        XCTAssertEqual(answer.message, "STS AssumeRole: the answer has no AssumeRoleResult/Credentials")
        XCTAssertEqual(CredentialChainError(.environmentUnset).message, "credential_source Environment, but AWS_ACCESS_KEY_ID is not set")
        XCTAssertEqual(MFAError(.noCodeEntered(owner: "profile dev")).message, "no MFA code entered for profile dev")
        XCTAssertEqual(WebIdentityError(.environmentWithoutRole).exitCode, .usage)
    }
}
