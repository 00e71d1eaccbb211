import Foundation
import XCTest

/// YAML built to exhaust a reader: an alias bomb ("billion laughs"), nesting deeper than any
/// config, a file of tens of MiB, millions of nodes. Each is refused promptly with exit 2, a
/// message naming the file and the limit, and the file left as it was.
enum HostileYAML {
    /// `levels` anchors, each a list of nine aliases of the one before: 9^levels strings.
    static func aliasBomb(key: String = "lol", levels: Int = 9) -> String {
        var s = "\(key)0: &\(key)0 [\(Array(repeating: "\"lol\"", count: 9).joined(separator: ","))]\n"
        for i in 1...levels {
            s += "\(key)\(i): &\(key)\(i) [\(Array(repeating: "*\(key)\(i - 1)", count: 9).joined(separator: ","))]\n"
        }
        return s
    }

    /// A 300-deep list, aliased 300 lists deep: 600 levels once expanded, with few aliases.
    static let deepThroughAlias = "deep: &deep " + String(repeating: "[", count: 300) + "x" + String(repeating: "]", count: 300)
        + "\nuse: " + String(repeating: "[", count: 300) + "*deep" + String(repeating: "]", count: 300) + "\n"

    /// A valid kubeconfig followed by a comment of 33 MiB.
    static let huge = "apiVersion: v1\nkind: Config\nclusters: []\n# " + String(repeating: "x", count: 33 << 20) + "\n"

    /// 2.1 million one-letter scalars in one list (4 MiB of text).
    static let manyNodes = "apiVersion: v1\nkind: Config\nclusters: []\nitems: [" + String(repeating: "a,", count: 2_100_000) + "a]\n"
}

final class KubeconfigMergeHostileYAMLTests: KubeconfigMergeTestCase {
    private func assertRefused(_ text: String, limit: String, bound: TimeInterval = 5,
                               file: StaticString = #filePath, line: UInt = #line) throws {
        let path = dir.appendingPathComponent("config").path
        let before = Data(text.utf8)
        try before.write(to: URL(fileURLWithPath: path))
        let started = Date()
        let r = try merge(["--kubeconfig", path], try Self.envelope([Self.cluster("c1", alias: "c1")]))
        let took = Date().timeIntervalSince(started)
        XCTAssertEqual(r.status, 2, r.stderr, file: file, line: line)
        XCTAssertTrue(r.stderr.hasPrefix("kubeconfig-merge: \(path):"), r.stderr, file: file, line: line)
        XCTAssertTrue(r.stderr.contains(limit), r.stderr, file: file, line: line)
        XCTAssertEqual(r.stderr.split(separator: "\n").count, 1, r.stderr, file: file, line: line)
        XCTAssertLessThan(took, bound, "a sanity bound against a hang, not a timing test", file: file, line: line)
        XCTAssertEqual(bytes(path), before, "the file is untouched", file: file, line: line)
        try assertNoDebris(path, file: file, line: line)
    }

    func testAliasBombIsRefused() throws {
        try assertRefused("apiVersion: v1\nkind: Config\nclusters: []\n" + HostileYAML.aliasBomb(),
                          limit: "excessive aliasing")
    }

    func testAliasBombInsideAnEntryIsRefused() throws {
        try assertRefused("""
            apiVersion: v1
            kind: Config
            users:
            - name: u
              user:
                exec:
                  args: *lol9
            """.replacingOccurrences(of: "users:", with: HostileYAML.aliasBomb() + "users:"), limit: "limit")
    }

    func testNestingDeepThroughAnAliasIsRefused() throws {
        try assertRefused("apiVersion: v1\nkind: Config\n" + HostileYAML.deepThroughAlias, limit: "limit of 500 levels")
    }

    func testHugeFileIsRefused() throws {
        try assertRefused(HostileYAML.huge, limit: "32 MiB limit")
    }

    func testMillionsOfNodesAreRefused() throws {
        try assertRefused(HostileYAML.manyNodes, limit: "limit of 2000000 YAML nodes", bound: 30)
    }

    /// Aliases as people use them (shared exec settings) stay fine, and are expanded on write.
    func testOrdinaryAliasesStillMerge() throws {
        let path = dir.appendingPathComponent("config").path
        var text = "apiVersion: v1\nkind: Config\nusers:\n- name: u0\n  user: &u {exec: {command: aws, args: [a, b, c], apiVersion: v1}}\n"
        for i in 1..<200 { text += "- name: u\(i)\n  user: *u\n" }
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        _ = try mergeOK(["--kubeconfig", path], try Self.envelope([Self.cluster("c1", alias: "c1")]))
        XCTAssertEqual(Self.named(try view(path), "users").count, 201)
    }
}

final class IdentityHostileConfigTests: IdentityTestCase {
    func testAliasBombInTheAuthConfigIsRefused() throws {
        let path = try writeAtmos("""
            auth:
              identities:
                x:
                  kind: aws/ambient
                  tags: *lol9
            """.replacingOccurrences(of: "auth:", with: HostileYAML.aliasBomb() + "auth:"))
        let before = try Data(contentsOf: atmosURL)
        let started = Date()
        let err = try fail(identityArgs("x"), env: ["AWS_ENDPOINT_URL": "http://127.0.0.1:1"], status: 2)
        XCTAssertLessThan(Date().timeIntervalSince(started), 5, "a sanity bound against a hang, not a timing test")
        XCTAssertTrue(err.hasPrefix("creds-resolve: \(path):"), err)
        XCTAssertTrue(err.contains("excessive aliasing"), err)
        XCTAssertTrue(err.contains("99%"), err)
        XCTAssertEqual(try Data(contentsOf: atmosURL), before)
        XCTAssertEqual(cacheEntries(), [])
    }

    func testDeepAndHugeAuthConfigsAreRefused() throws {
        for (text, limit) in [("auth: {}\n" + HostileYAML.deepThroughAlias, "limit of 500 levels"),
                              ("auth: {}\n" + HostileYAML.huge, "32 MiB limit")] {
            let path = try writeAtmos(text)
            let err = try fail(["--list-identities", "--config", path], status: 2)
            XCTAssertTrue(err.hasPrefix("creds-resolve: \(path):"), err)
            XCTAssertTrue(err.contains(limit), err)
        }
    }
}
