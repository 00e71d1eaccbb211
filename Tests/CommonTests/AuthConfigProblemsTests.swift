import XCTest
@testable import Common

/// One reader, two modes: strict (every command) throws the first problem; collecting
/// (`auth validate`) keeps every problem and returns what could be read, so both run the same
/// checks.
final class AuthConfigProblemsTests: XCTestCase {
    static let text = """
        auth:
          identities:
            good: {kind: aws/ambient, default: true}
            typo: {kind: aws/ambient, regoin: us-east-2}
            badkind: {kind: aws/root}
            loop1: {kind: aws/assume-role, via: {identity: loop2}, principal: {assume_role: "arn:aws:iam::1:role/a"}}
            loop2: {kind: aws/assume-role, via: {identity: loop1}, principal: {assume_role: "arn:aws:iam::1:role/b"}}
          integrations:
            eks:
              kind: aws/eks
              via: {identity: badkind}
              spec: {cluster: {name: c, region: us-east-2}}

        """

    func testStrictThrowsTheFirstCollectingKeepsEveryOne() throws {
        XCTAssertThrowsError(try AuthConfig.parse(Array(Self.text.utf8), path: "/c/a.yaml")) { e in
            XCTAssertEqual((e as? YAMLContentError)?.keyPath, "auth.identities.typo.regoin")
        }
        let problems = AuthConfigProblems(collecting: true)
        let config = try AuthConfig.parse(Array(Self.text.utf8), path: "/c/a.yaml", problems: problems)
        let paths = problems.found.map { ($0 as? YAMLContentError)?.keyPath ?? "?" }
        XCTAssertEqual(paths, ["auth.identities.typo.regoin", "auth.identities.badkind.kind", "auth.identities.loop1.via"])
        XCTAssertTrue(problems.found[2].message.hasSuffix("identities form a cycle: loop1 → loop2 → loop1"), problems.found[2].message)
        // What could be read is there (badkind is left out, and the integration naming it is
        // not reported again: the name is declared).
        XCTAssertEqual(config.identities.map(\.name), ["good", "typo", "loop1", "loop2"])
        XCTAssertEqual(config.identities.map(\.isDefault), [true, false, false, false])
        XCTAssertEqual(config.integrations.map(\.name), ["eks"])
    }
}
