import Foundation
import XCTest

/// `--version` everywhere: one line `PROGRAM VERSION` on stdout, nothing on stderr, exit 0, and
/// the same version from the four tools (Version.swift) and from ekspipe (EKSPIPE_VERSION in
/// ekspipe-sh-setup): this is the test that fails when one of the two is changed alone.
final class VersionTests: FlowTestCase {
    override class var needsWorld: Bool { false }

    static let tools = ["creds-resolve", "eks-describe", "kubeconfig-merge", "eks-presign"]

    /// The version in a `NAME VERSION\n` answer, after checking its shape.
    func version(of r: Harness.Result, name: String, file: StaticString = #filePath, line: UInt = #line) -> String? {
        XCTAssertEqual(r.status, 0, r.stderr, file: file, line: line)
        XCTAssertEqual(r.stderr, "", "nothing on stderr", file: file, line: line)
        let lines = r.out.split(separator: "\n", omittingEmptySubsequences: false)
        XCTAssertEqual(lines.count, 2, "one line: \(r.out)", file: file, line: line)
        let words = (lines.first ?? "").split(separator: " ").map(String.init)
        XCTAssertEqual(words.count, 2, r.out, file: file, line: line)
        XCTAssertEqual(words.first, name, r.out, file: file, line: line)
        guard words.count == 2, let v = words.last else { return nil }
        XCTAssertNotNil(v.range(of: #"^[0-9]+\.[0-9]+\.[0-9]+"#, options: .regularExpression), "a version number: \(v)", file: file, line: line)
        return v
    }

    func tool(_ name: String, _ args: [String]) throws -> Harness.Result {
        try Harness.run(name, args, env: env())
    }

    func testEveryProgramPrintsTheSameVersion() throws {
        var seen: [String: String] = [:]
        for t in Self.tools { seen[t] = version(of: try tool(t, ["--version"]), name: t) }
        for args in [["--version"], ["version"], ["-q", "--version"]] {
            seen["ekspipe " + args.joined(separator: " ")] = version(of: try ekspipe(args), name: "ekspipe")
        }
        XCTAssertEqual(seen.count, Self.tools.count + 3)
        XCTAssertEqual(Set(seen.values).count, 1, "one version everywhere: \(seen)")
    }

    /// --version (like --help) wins over every other argument, valid or not; the first of the
    /// two wins; after `--` it is an argument like any other.
    func testVersionWinsOverOtherArguments() throws {
        let expected = try tool("eks-presign", ["--version"]).out
        XCTAssertEqual(try tool("eks-presign", ["--cluster-name", "c", "--version"]).out, expected)
        XCTAssertEqual(version(of: try tool("eks-presign", ["--no-such-flag", "--version"]), name: "eks-presign"),
                       version(of: try tool("eks-presign", ["--version"]), name: "eks-presign"))
        _ = version(of: try tool("kubeconfig-merge", ["--version", "--remove", "--list"]), name: "kubeconfig-merge")
        _ = version(of: try tool("creds-resolve", ["--profile", "x", "--version", "--bogus"]), name: "creds-resolve")

        let helpFirst = try tool("eks-describe", ["--help", "--version"])
        XCTAssertEqual(helpFirst.status, 0)
        XCTAssertTrue(helpFirst.out.hasPrefix("Usage: eks-describe"), helpFirst.out)
        _ = version(of: try tool("eks-describe", ["--version", "--help"]), name: "eks-describe")

        let afterDashes = try tool("creds-resolve", ["--", "--version"])
        XCTAssertEqual(afterDashes.status, 2, afterDashes.stderr)
        XCTAssertEqual(afterDashes.out, "")
        XCTAssertTrue(afterDashes.stderr.contains("creds-resolve: unexpected argument '--version'"), afterDashes.stderr)

        // ekspipe: --version is its own (git's); whatever follows is not run.
        _ = version(of: try ekspipe(["--version", "auth", "login", "nobody"]), name: "ekspipe")
        let bad = try ekspipe(["version", "--bogus"])
        XCTAssertEqual(bad.status, 2, bad.stderr)
        XCTAssertTrue(bad.stderr.contains("unexpected argument --bogus"), bad.stderr)
    }

    /// `ekspipe version --verbose`: each tool, where it is and its version; a tool of another
    /// version (a stale one first in EKSPIPE_BIN_DIR) is named, and the status says so.
    func testVerboseNamesEachToolAndAMismatch() throws {
        let r = try ekspipe(["version", "--verbose"])
        XCTAssertEqual(r.status, 0, r.stderr)
        let v = try XCTUnwrap(version(of: try ekspipe(["--version"]), name: "ekspipe"))
        let lines = r.out.split(separator: "\n").map(String.init)
        XCTAssertEqual(lines.first, "ekspipe \(v)")
        for t in Self.tools {
            let line = try XCTUnwrap(lines.first { $0.hasPrefix("  \(t) ") }, r.out)
            XCTAssertTrue(line.contains(" \(v) "), line)
            XCTAssertTrue(line.hasSuffix("/\(t)"), line)
        }

        let stale = try scratch.directory("stale-bin")
        let fake = stale.appendingPathComponent("creds-resolve")
        try "#!/bin/sh\necho 'creds-resolve 0.0.1'\n".write(to: fake, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: fake.path)
        let mixed = try ekspipe(["version", "--verbose"], env: ["EKSPIPE_BIN_DIR": stale.path])
        XCTAssertEqual(mixed.status, 1, mixed.out + mixed.stderr)
        let line = try XCTUnwrap(mixed.out.split(separator: "\n").first { $0.hasPrefix("  creds-resolve ") }, mixed.out)
        XCTAssertTrue(line.contains("0.0.1") && line.contains("not ekspipe's version"), String(line))
    }
}
