import XCTest
@testable import Common

/// Words in the commands messages tell a person to run come back unchanged from a shell.
final class ShellQuoteTests: XCTestCase {
    func testPlainWordsStayPlainOthersAreQuoted() {
        XCTAssertEqual(ShellQuote.word("dev-admin"), "dev-admin")
        XCTAssertEqual(ShellQuote.word("/home/me/project/atmos.yaml"), "/home/me/project/atmos.yaml")
        XCTAssertEqual(ShellQuote.word("/home/me/my project/atmos.yaml"), "'/home/me/my project/atmos.yaml'")
        XCTAssertEqual(ShellQuote.word("it's"), #"'it'\''s'"#)
        XCTAssertEqual(ShellQuote.word("$HOME"), "'$HOME'")
        XCTAssertEqual(ShellQuote.word(""), "''")
    }

    /// The hint names --config only for a config that is not found by default.
    func testLoginHintNamesANonDefaultConfig() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("hint-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let config = dir.appendingPathComponent("my atmos.yaml").path
        FileManager.default.createFile(atPath: config, contents: Data("auth: {}\n".utf8))
        let selection = CredentialSelection(identity: "dev-admin", config: config)
        XCTAssertEqual(selection.loginHint, "ekspipe auth login dev-admin --config '\(config)'")
        setenv("EKSPIPE_CONFIG", config, 1)
        defer { unsetenv("EKSPIPE_CONFIG") }
        XCTAssertEqual(selection.loginHint, "ekspipe auth login dev-admin")
    }
}
