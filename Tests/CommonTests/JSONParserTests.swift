import XCTest
@testable import Common

/// jansson's syntax errors, as the tools report them: where (line and column), and never the
/// input itself, which on stdin is credentials.
final class JSONParserTests: XCTestCase {
    func syntaxError(_ text: String) -> JSONSyntaxError? {
        do {
            _ = try JSON.parse(text, source: "stdin")
            return nil
        } catch {
            return error as? JSONSyntaxError
        }
    }

    func testQuotedInputIsDropped() throws {
        let unquoted = try XCTUnwrap(syntaxError("{\"SecretAccessKey\": wJalrXUtnFEMI}"))
        XCTAssertEqual(unquoted.line, 1)
        XCTAssertEqual(unquoted.message, "stdin:1:\(unquoted.column): invalid JSON: invalid token")
        let escape = try XCTUnwrap(syntaxError("{\n\"SessionToken\": \"IQoJb3Jp\\q\"}"))
        XCTAssertEqual(escape.line, 2)
        XCTAssertFalse(escape.message.contains("IQoJ"), escape.message)
    }

    func testStructuralCharacterIsKept() throws {
        let e = try XCTUnwrap(syntaxError("{\"a\": 1,}"))
        XCTAssertTrue(e.message.hasSuffix("near '}'"), e.message)
    }
}
