import Common
import Foundation
import XCTest

/// The YAML layer: parse → tree → emit keeps the data (and styles where it can), reports
/// errors with their position, and resolves scalars as the Go readers do.
final class YAMLTests: XCTestCase {
    private func roundTrip(_ text: String, file: StaticString = #filePath, line: UInt = #line) throws -> String {
        let docs = try YAML.parse(text, source: "t.yaml")
        let out = String(decoding: try YAML.emit(docs), as: UTF8.self)
        let again = try YAML.parse(out, source: "out.yaml")
        XCTAssertEqual(docs.count, again.count, file: file, line: line)
        for (a, b) in zip(docs, again) {
            guard let ra = a.root, let rb = b.root else { continue }
            XCTAssertEqual(try YAMLResolve.json(ra), try YAMLResolve.json(rb), "data changed:\n\(out)", file: file, line: line)
        }
        return out
    }

    /// PyYAML (libyaml-backed, an independent reader) must read the same data from both texts.
    private func assertSameDataInPython(_ a: String, _ b: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("yaml-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try a.write(to: dir.appendingPathComponent("a.yaml"), atomically: true, encoding: .utf8)
        try b.write(to: dir.appendingPathComponent("b.yaml"), atomically: true, encoding: .utf8)
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["python3", "-c", """
            import sys, yaml
            a = list(yaml.safe_load_all(open(sys.argv[1], encoding='utf-8')))
            b = list(yaml.safe_load_all(open(sys.argv[2], encoding='utf-8')))
            sys.exit(0 if a == b else 1)
            """, dir.appendingPathComponent("a.yaml").path, dir.appendingPathComponent("b.yaml").path]
        try p.run()
        p.waitUntilExit()
        XCTAssertEqual(p.terminationStatus, 0, "PyYAML reads different data:\n--- in\n\(a)\n--- out\n\(b)", file: file, line: line)
    }

    func testAnchorsAndAliasesArePreserved() throws {
        let text = """
            base: &b
              server: https://x
              tls: true
            one: *b
            list:
            - &item a
            - *item
            """
        let out = try roundTrip(text)
        XCTAssertTrue(out.contains("&b"), out)
        XCTAssertTrue(out.contains("*b"), out)
        XCTAssertTrue(out.contains("*item"), out)
        try assertSameDataInPython(text, out)
        let root = try XCTUnwrap(YAML.parse(text).first?.root)
        XCTAssertEqual(root["one"]?.aliasName, "b")
        let expanded = root.expandingAliases()
        XCTAssertEqual(expanded["one"]?["server"]?.scalar, "https://x")
        XCTAssertFalse(expanded.containsAlias)
    }

    func testMergeKeysAreAppliedInJSON() throws {
        let root = try XCTUnwrap(YAML.parse("a: &a {x: 1, y: 2}\nb:\n  <<: *a\n  y: 3\n").first?.root)
        XCTAssertEqual(try YAMLResolve.json(root)["b"], .object(JSONObject([("y", .int(3)), ("x", .int(1))])))
    }

    func testFlowStyleAndQuotedKeysRoundTrip() throws {
        let text = """
            "quoted key": {a: 1, "b c": [x, 'y', "z"], empty: {}, none: []}
            'single': [1, 2.5, true, null, ~, "true", '007']
            ? complex key
            : value
            "": empty key
            """
        let out = try roundTrip(text)
        XCTAssertTrue(out.contains("{"), "flow mapping style kept: \(out)")
        XCTAssertTrue(out.contains("'007'") || out.contains("\"007\""), out)
        XCTAssertTrue(out.contains("\"true\"") || out.contains("'true'"), out)
        try assertSameDataInPython(text, out)
        let root = try XCTUnwrap(YAML.parse(text).first?.root)
        let json = try YAMLResolve.json(root)
        XCTAssertEqual(json["single"], .array([.int(1), .double(2.5), .bool(true), .null, .null, .string("true"), .string("007")]))
        XCTAssertEqual(json["quoted key"]?["b c"], .array(["x", "y", "z"]))
    }

    func testLongBase64AndBlockScalarsStayIntact() throws {
        let b64 = Data((0..<3000).map { UInt8(truncatingIfNeeded: $0 &* 7) }).base64EncodedString()
        let text = """
            certificate-authority-data: \(b64)
            literal: |
              line one
                indented
              last
            folded: >
              folded text
              continues
            keep: |+
              trailing

            """
        let out = try roundTrip(text)
        XCTAssertTrue(out.contains("certificate-authority-data: \(b64)\n"), "base64 on one line")
        XCTAssertTrue(out.contains("literal: |"), out)
        try assertSameDataInPython(text, out)
        XCTAssertEqual(try YAML.parse(out).first?.root?["literal"]?.scalar, "line one\n  indented\nlast\n")
    }

    func testUnicodeIsWrittenAsIs() throws {
        let text = "name: \"Grüße, 世界 🚀\"\nplain: café\nescaped: \"tab\\there\\u0001\"\n"
        let out = try roundTrip(text)
        // libyaml writes characters beyond the BMP as \U escapes (same data); the rest as is.
        XCTAssertTrue(out.contains("Grüße, 世界 "), out)
        XCTAssertEqual(try YAML.parse(out).first?.root?["name"]?.scalar, "Grüße, 世界 🚀")
        XCTAssertTrue(out.contains("café"), out)
        try assertSameDataInPython(text, out)
        XCTAssertEqual(try YAML.parse(out).first?.root?["escaped"]?.scalar, "tab\there\u{01}")
    }

    func testMultipleDocumentsAndTags() throws {
        let text = "---\na: !!str 123\nb: !custom {x: 1}\n...\n---\n- !!int \"42\"\n"
        let out = try roundTrip(text)
        let docs = try YAML.parse(out)
        XCTAssertEqual(docs.count, 2)
        XCTAssertEqual(docs[0].root?["a"].map(YAMLResolve.value(of:)), .string("123"))
        XCTAssertEqual(docs[0].root?["b"]?.tag, "!custom")
        XCTAssertEqual(try docs[1].root.map { try YAMLResolve.json($0) }, .array([.int(42)]))
    }

    func testEmptyValuesStayNullInFlowAndBlock() throws {
        let text = "a:\nb: {x: , y: ~}\nc: [null, '']\n"
        let out = try roundTrip(text)
        try assertSameDataInPython(text, out)
        let json = try YAMLResolve.json(try XCTUnwrap(YAML.parse(out).first?.root))
        XCTAssertEqual(json["a"], .null)
        XCTAssertEqual(json["b"]?["x"], .null)
        XCTAssertEqual(json["c"], .array([.null, .string("")]))
    }

    func testNodesCarryPositions() throws {
        let root = try XCTUnwrap(YAML.parse("top:\n  child: value\n  list:\n    - item\n").first?.root)
        XCTAssertEqual(root["top"]?["child"]?.mark, YAMLMark(line: 2, column: 10))
        XCTAssertEqual(root["top"]?["list"]?.items?.first?.mark, YAMLMark(line: 4, column: 7))
    }

    func testSyntaxErrorsNameLineAndColumn() {
        let cases: [(String, Int)] = [
            ("a: b\n  c: d\n", 2),
            ("key: [1, 2\nother: x\n", 2),
            ("a: 'unterminated\n", 2),
            ("a: *nothing\n", 1),
            ("- a\nb: c\n", 2),
        ]
        for (text, line) in cases {
            XCTAssertThrowsError(try YAML.parse(text, source: "bad.yaml"), text) { error in
                guard let e = error as? YAMLSyntaxError else { return XCTFail("\(error)") }
                XCTAssertEqual(e.line, line, "\(text): \(e.message)")
                XCTAssertTrue(e.message.hasPrefix("bad.yaml:\(line):\(e.column): invalid YAML: "), e.message)
                XCTAssertEqual(e.exitCode, .usage)
            }
        }
    }

    func testNewStringsThatLookLikeOtherTypesAreQuoted() throws {
        let tricky = ["true", "yes", "No", "on", "null", "~", "", "0600", "1e3", "0x1F", ".inf", "-1", "2024-01-01",
                      "<<", "12:30", " lead", "trail ", "a: b", "- x", "#c", "@at", "`tick", "multi\nline", "ünï"]
        let node = YAMLNode.mapping(tricky.enumerated().map { ("k\($0.offset)", .string($0.element)) })
        let out = String(decoding: try YAML.emit(node), as: UTF8.self)
        let back = try YAMLResolve.json(try XCTUnwrap(YAML.parse(out).first?.root))
        for (i, s) in tricky.enumerated() {
            XCTAssertEqual(back["k\(i)"], .string(s), "\(s) in:\n\(out)")
        }
        // An independent reader (PyYAML resolves YAML 1.1: yes/on/0600) also sees strings.
        let check = Process()
        check.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        check.arguments = ["python3", "-c", "import sys,yaml; d=yaml.safe_load(sys.stdin); sys.exit(0 if all(isinstance(v,str) for v in d.values()) else 1)"]
        let pipe = Pipe()
        check.standardInput = pipe
        try check.run()
        pipe.fileHandleForWriting.write(Data(out.utf8))
        try pipe.fileHandleForWriting.close()
        check.waitUntilExit()
        XCTAssertEqual(check.terminationStatus, 0, out)
    }

    func testSameContentIgnoresStyleAndKeyOrder() throws {
        let a = try XCTUnwrap(YAML.parse("{x: 1, y: 'a'}").first?.root)
        let b = try XCTUnwrap(YAML.parse("y: a\nx: 1\n").first?.root)
        let c = try XCTUnwrap(YAML.parse("y: a\nx: '1'\n").first?.root)
        XCTAssertTrue(a.sameContent(as: b))
        XCTAssertFalse(a.sameContent(as: c))
    }

    func testDeepNestingIsAnErrorNotACrash() {
        let text = String(repeating: "[", count: 2000) + String(repeating: "]", count: 2000)
        XCTAssertThrowsError(try YAML.parse(text, source: "deep.yaml")) { error in
            XCTAssertTrue("\(error)".contains("deep.yaml:1:"), "\(error)")
        }
    }
}
