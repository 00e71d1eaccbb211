import XCTest
@testable import Common

/// The typed errors of each domain: the structured fields a caller can test, the wording made
/// from them in one place, and the exit code the entry point will use.
final class DomainErrorTests: XCTestCase {
    func thrown(_ body: () throws -> Void) -> Error? {
        do { try body() } catch { return error }
        return nil
    }

    func testAuthConfigErrorsCarryFileAndNames() throws {
        let text = "auth:\n  identities:\n    dev:\n      kind: aws/user\n  integrations: {}\n"
        let config = try AuthConfig.parse(Array(text.utf8), path: "/p/atmos.yaml")
        let e = try XCTUnwrap(thrown { _ = try config.identity("prod") } as? AuthConfigError)
        XCTAssertEqual(e.file, "/p/atmos.yaml")
        XCTAssertEqual(e.problem, .unknownIdentity("prod", known: ["dev"]))
        XCTAssertEqual(e.message, "/p/atmos.yaml: no identity 'prod' in auth.identities (known: dev)")
        XCTAssertEqual(e.exitCode, .usage)
        let i = try XCTUnwrap(thrown { _ = try config.integrations(for: "dev", named: ["x"]) } as? AuthConfigError)
        XCTAssertEqual(i.message, "/p/atmos.yaml: no integration 'x' in auth.integrations (known: none)")
        let empty = try XCTUnwrap(thrown { _ = try AuthConfig.parse([], path: "/p/e.yaml") } as? AuthConfigError)
        XCTAssertEqual(empty.problem, .empty)
    }

    func testConfigFieldErrorsAreLocatedYAMLContentErrors() throws {
        let text = "auth:\n  identities:\n    dev:\n      kind: aws/nothing\n"
        let e = try XCTUnwrap(thrown { _ = try AuthConfig.parse(Array(text.utf8), path: "/p/a.yaml") } as? YAMLContentError)
        XCTAssertEqual(e.source, "/p/a.yaml")
        XCTAssertEqual(e.mark?.line, 4)
        XCTAssertEqual(e.keyPath, "auth.identities.dev.kind")
        XCTAssertTrue(e.message.hasPrefix("/p/a.yaml:4:13: auth.identities.dev.kind: unknown kind"), e.message)
    }

    func testAWSConfigFileErrorsNameFileAndLineNeverTheLine() throws {
        let e = try XCTUnwrap(thrown {
            _ = try AWSConfigFiles.parse("[default]\naws_access_key_id = A\nwJalrXUtnFEMIK7MDENGbPxRfiCY\n", file: "/c", isConfig: false)
        } as? AWSConfigFileError)
        XCTAssertEqual(e.line, 3)
        XCTAssertEqual(e.problem, .notKeyValue(after: "aws_access_key_id"))
        XCTAssertEqual(e.message, "/c:3: expected 'key = value' (after aws_access_key_id; the line is not shown, it may hold a secret)")
        XCTAssertFalse(e.message.contains("wJalr"))
    }

    func testKubeconfigErrorsCarryTheirPlace() throws {
        let e = try XCTUnwrap(thrown { _ = try Kubeconfig(parsing: Array("users:\n- user: {}\n".utf8), source: "k") } as? KubeconfigError)
        XCTAssertEqual(e.problem, .entryWithoutName(section: "users", index: 0))
        XCTAssertEqual(e.mark, YAMLMark(line: 2, column: 3))
        XCTAssertEqual(e.message, "k:2:3: users[0] has no name")
    }

    func testJSONFieldErrors() {
        let doc: JSON = ["a": 1]
        XCTAssertEqual(thrown { _ = try doc.requireString("b", at: "stdin.credentials") } as? JSONFieldError,
                       JSONFieldError(object: "stdin.credentials", field: "b", .missing))
        XCTAssertEqual((thrown { _ = try doc.optionalString("a", at: "x") } as? ToolError)?.message, "x.a: expected a string, found a number")
    }

    func testNoticesReachTheInstalledSink() {
        var seen: [String] = []
        Notices.install { seen.append("t: \($0)") }
        defer { Notices.install { Output.stderr("ekspipe: \($0)") } }
        Notices.post(.info("took over /k.lock"))
        Notices.post(.warning("could not cache"))
        XCTAssertEqual(seen, ["t: took over /k.lock", "t: warning: could not cache"])
    }

    func testOnlyCommandLineErrorsShowUsage() {
        XCTAssertTrue(UsageError("x").showsUsage)
        XCTAssertFalse(EnvelopeError(EnvelopePath(origin: "stdin"), .invalid("x")).showsUsage)
        XCTAssertEqual(EnvironmentValueError(variable: "EKSPIPE_TIMEOUT", value: "soon", expected: "a number").message,
                       "EKSPIPE_TIMEOUT must be a number, not 'soon'")
    }
}
