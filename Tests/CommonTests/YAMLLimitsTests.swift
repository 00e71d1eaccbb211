import XCTest
@testable import Common

/// The YAML work budget: go-yaml's alias-expansion rule, the depth limit counted through
/// aliases, the node and size limits; and ordinary documents well inside all of them.
final class YAMLLimitsTests: XCTestCase {
    private func refusal(_ text: String, file: StaticString = #filePath, line: UInt = #line) -> YAMLLimitError? {
        do {
            _ = try YAML.parse(text, source: "t.yaml")
            XCTFail("accepted", file: file, line: line)
            return nil
        } catch let e as YAMLLimitError {
            XCTAssertEqual(e.exitCode, .usage, file: file, line: line)
            return e
        } catch {
            XCTFail("\(error)", file: file, line: line)
            return nil
        }
    }

    /// go-yaml's numbers: 99% up to 400,000 nodes, 10% from 4,000,000, linear in between.
    func testAllowedAliasRatioIsGoYAMLs() {
        XCTAssertEqual(YAMLBudget.allowedAliasRatio(1_000), 0.99)
        XCTAssertEqual(YAMLBudget.allowedAliasRatio(400_000), 0.99)
        XCTAssertEqual(YAMLBudget.allowedAliasRatio(2_200_000), 0.545, accuracy: 1e-9)
        XCTAssertEqual(YAMLBudget.allowedAliasRatio(4_000_000), 0.10)
        XCTAssertEqual(YAMLBudget.allowedAliasRatio(9_000_000), 0.10)
    }

    func testBillionLaughsIsRefusedAtItsFirstLines() throws {
        var text = "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
        for (prev, name) in zip("abcdefgh", "bcdefghi") {
            text += "\(name): &\(name) [" + Array(repeating: "*\(prev)", count: 10).joined(separator: ", ") + "]\n"
        }
        let e = try XCTUnwrap(refusal(text))
        XCTAssertTrue(e.message.hasPrefix("t.yaml:4:"), e.message)
        XCTAssertTrue(e.message.contains("excessive aliasing"), e.message)
    }

    /// Sharing as configs use it is fine: here two thirds of the nodes are copies made by aliases.
    func testModerateAliasingIsAccepted() throws {
        var text = "base: &b {server: https://x, tls: true, args: [a, b, c]}\nitems:\n"
        for i in 0..<3000 { text += "- {name: n\(i), ref: *b}\n" }
        let docs = try YAML.parse(text, source: "t.yaml")
        let expanded = try XCTUnwrap(docs.first?.root).expandingAliases()
        XCTAssertEqual(expanded["items"]?.items?.last?["ref"]?["server"]?.scalar, "https://x")
    }

    func testDepthCountsThroughAliases() throws {
        let deep = String(repeating: "[", count: 260) + "x" + String(repeating: "]", count: 260)
        _ = try YAML.parse("a: &d \(deep)\n", source: "t.yaml")
        let e = try XCTUnwrap(refusal("a: &d \(deep)\nb: " + String(repeating: "[", count: 260) + "*d" + String(repeating: "]", count: 260)))
        XCTAssertTrue(e.message.hasPrefix("t.yaml:2:"), e.message)
        XCTAssertTrue(e.message.contains("limit of 500 levels"), e.message)
        XCTAssertNotNil(refusal(String(repeating: "[", count: 600) + String(repeating: "]", count: 600)))
    }

    func testSizeAndNodeLimits() throws {
        let big = try XCTUnwrap(refusal("# " + String(repeating: "x", count: YAMLBudget.maxInputBytes)))
        XCTAssertEqual(big.message, "t.yaml: \(YAMLBudget.maxInputBytes + 2) bytes is more than the 32 MiB limit for a YAML file")
        let many = try XCTUnwrap(refusal("[" + String(repeating: "1,", count: YAMLBudget.maxNodes) + "1]"))
        XCTAssertTrue(many.message.contains("limit of 2000000 YAML nodes"), many.message)
    }
}
