import Foundation
import XCTest

/// The layout rules of issue 11, enforced on every test run: no cycle between the folders of
/// Sources, no Swift file over 250 lines, at most 5 loose files per target
/// (scripts/check-layout, which also lists the known problems still owned by other work).
final class LayoutTests: XCTestCase {
    static let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    private func checkLayout(_ args: [String]) throws -> (status: Int32, output: String) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["python3", Self.repo.appendingPathComponent("scripts/check-layout").path] + args
        let pipe = Pipe()
        p.standardOutput = pipe
        p.standardError = pipe
        try p.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (p.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    func testSourcesKeepTheLayoutRules() throws {
        let r = try checkLayout([Self.repo.appendingPathComponent("Sources").path])
        XCTAssertEqual(r.status, 0, r.output)
        XCTAssertTrue(r.output.contains("check-layout: ok"), r.output)
    }

    /// The checker itself: a cycle through a type named in code (not in a comment or a string),
    /// a long file and too many loose files fail; names only in comments and strings do not count.
    func testCheckerFindsCyclesLongFilesAndLooseFiles() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("layout-\(UUID().uuidString)/Sources")
        defer { try? FileManager.default.removeItem(at: root.deletingLastPathComponent()) }
        func write(_ path: String, _ text: String) throws {
            let url = root.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try text.write(to: url, atomically: true, encoding: .utf8)
        }
        try write("Lib/A/Alpha.swift", "public struct Alpha { var b: Beta? }\n")
        try write("Lib/B/Beta.swift", "public struct Beta {\n    // Gamma in a comment\n    let s = \"Gamma in a string \\(Alpha.self)\"\n}\n")
        try write("Lib/C/Gamma.swift", "public enum Gamma { /* Alpha */ static let t = \"Beta\" }\n")
        var r = try checkLayout(["--no-known", root.path])
        XCTAssertEqual(r.status, 1, r.output)
        XCTAssertTrue(r.output.contains("cycle between folders: Lib/A <-> Lib/B"), r.output)
        XCTAssertFalse(r.output.contains("Lib/C"), r.output)

        try write("Lib/B/Beta.swift", "public struct Beta {}\n")
        r = try checkLayout(["--no-known", root.path])
        XCTAssertEqual(r.status, 0, r.output)

        try write("Lib/B/Long.swift", String(repeating: "let x = 1\n", count: 251))
        for i in 0..<6 { try write("Tool/File\(i).swift", "struct T\(i) {}\n") }
        r = try checkLayout(["--no-known", root.path])
        XCTAssertEqual(r.status, 1, r.output)
        XCTAssertTrue(r.output.contains("Lib/B/Long.swift: 251 lines"), r.output)
        XCTAssertTrue(r.output.contains("Tool: 6 loose files"), r.output)
    }
}
