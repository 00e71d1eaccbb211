import Common
import XCTest

/// Kubeconfig editing on the YAML tree, and the line-preserving rewrite: for every layout, the
/// text written must hold exactly the data of the edited tree (as a full re-emit would), and
/// what was not edited (comments included) must still be there.
final class YAMLKubeconfigTests: XCTestCase {
    static let entry = KubeconfigEKSEntry(
        clusterName: "dev", region: "us-east-2", arn: "arn:aws:eks:us-east-2:123456789012:cluster/dev",
        endpoint: "https://DEV.gr7.us-east-2.eks.amazonaws.com", certificateAuthorityData: "Q0E=", contextName: "dev-eks",
        userName: "arn:aws:eks:us-east-2:123456789012:cluster/dev", presignCommand: "/opt/ekspipe/eks-presign",
        identity: "dev-admin", integration: "dev/eks")

    /// Applies `edit`, then checks the written text against the tree; returns the text.
    @discardableResult
    private func check(_ text: String, expectSpliced: Bool = true, file: StaticString = #filePath, line: UInt = #line,
                       _ edit: (inout Kubeconfig) -> Void) throws -> String {
        var cfg = try Kubeconfig(parsing: Array(text.utf8), source: "t")
        edit(&cfg)
        let spliced = try cfg.render()
        let full = try cfg.render(preservingLayout: false)
        let a = try YAMLResolve.json(try XCTUnwrap(YAML.parseSingle(spliced, source: "spliced")))
        let b = try YAMLResolve.json(try XCTUnwrap(YAML.parseSingle(full, source: "full")))
        let out = String(decoding: spliced, as: UTF8.self)
        XCTAssertEqual(a, b, "spliced text differs from the tree:\n\(out)", file: file, line: line)
        if expectSpliced { XCTAssertNotEqual(out, String(decoding: full, as: UTF8.self), "expected the layout to be kept", file: file, line: line) }
        return out
    }

    private func merge(_ cfg: inout Kubeconfig, _ e: KubeconfigEKSEntry = entry) {
        cfg.upsert(.clusters, name: e.arn, inner: e.clusterNode)
        cfg.upsert(.contexts, name: e.contextName, inner: e.contextNode, keepForeignFields: true)
        cfg.upsert(.users, name: e.userName, inner: e.userNode)
    }

    static let kubectlStyle = """
        # my clusters, curated since 2019
        apiVersion: v1
        clusters:
        - cluster:
            server: https://a.example.com   # the old one
          name: a
        # between entries
        - cluster:
            server: "https://b.example.com"
          name: b
        contexts:
        - context:
            cluster: a
            user: u
            namespace: 'kube-system'
          name: a
        current-context: a
        kind: Config
        preferences: {}
        users:
        - name: u
          user:
            token: |
              multi
              line
        # trailing comment

        """

    func testAppendKeepsEveryOtherByte() throws {
        let out = try check(Self.kubectlStyle) { merge(&$0) }
        // The original text survives, with ekspipe's entries inserted.
        for l in Self.kubectlStyle.split(separator: "\n") { XCTAssertTrue(out.contains(l), "lost: \(l)\n\(out)") }
        XCTAssertTrue(out.hasPrefix("# my clusters, curated since 2019\napiVersion: v1\n"), out)
        XCTAssertTrue(out.contains("  name: b\n- cluster:\n    certificate-authority-data: Q0E=\n"), out)
    }

    func testReplaceRemoveAndCurrentContext() throws {
        let text = Self.kubectlStyle.replacingOccurrences(of: "name: b", with: "name: \(Self.entry.arn)")
        var out = try check(text) {
            merge(&$0)
            $0.setCurrentContext("dev-eks")
        }
        XCTAssertTrue(out.contains("current-context: dev-eks\n"), out)
        XCTAssertTrue(out.contains("server: https://a.example.com   # the old one"), out)
        XCTAssertFalse(out.contains("https://b.example.com"), out)
        out = try check(text) {
            $0.remove(.clusters) { $0["server"]?.scalar == "https://a.example.com" }
            $0.setCurrentContext(nil)
        }
        XCTAssertFalse(out.contains("current-context"), out)
        XCTAssertFalse(out.contains("a.example.com"), out)
        XCTAssertTrue(out.contains("# trailing comment"), out)
        // Removing every entry of a list leaves an empty list, not a null.
        out = try check(text) { $0.remove(.users) { _ in true } }
        XCTAssertTrue(out.contains("users: []"), out)
    }

    func testIndentedListsAndUnicode() throws {
        let text = """
            apiVersion: v1
            clusters:
              - name: "büro ☸"
                cluster:
                  server: https://ü.example.com
              -   name: second
                  cluster: {server: https://2.example.com}
            contexts: []
            users:
            """
        let out = try check(text) { merge(&$0) }
        XCTAssertTrue(out.contains("  - name: \"büro ☸\"\n"), out)
        XCTAssertTrue(out.contains("\n  - cluster:\n      certificate-authority-data: Q0E=\n"), out)
    }

    func testMissingSectionsAndNoTrailingNewline() throws {
        let out = try check("apiVersion: v1\nkind: Config  # no lists yet") {
            merge(&$0)
            $0.setCurrentContext("dev-eks")
        }
        XCTAssertTrue(out.hasPrefix("apiVersion: v1\nkind: Config  # no lists yet\nclusters:\n"), out)
    }

    func testCRLFAndDocumentMarkers() throws {
        let text = "%YAML 1.1\r\n---\r\napiVersion: v1\r\nclusters:\r\n- name: a\r\n  cluster:\r\n    server: https://a\r\ncontexts: []\r\nusers: []\r\n"
        let out = try check(text) { merge(&$0) }
        XCTAssertTrue(out.hasPrefix("%YAML 1.1\r\n---\r\napiVersion: v1\r\nclusters:\r\n- name: a\r\n"), out)
    }

    func testLayoutsThatCannotBeEditedByLineFallBackToTheTree() throws {
        // Lone CR line breaks, a flow mapping at the top, and an entry whose dash is alone on its line.
        try check("apiVersion: v1\rclusters: []\r", expectSpliced: false) { merge(&$0) }
        try check("{apiVersion: v1, clusters: [{name: a, cluster: {server: https://a}}]}", expectSpliced: false) { merge(&$0) }
        let dashAlone = "# keep me\napiVersion: v1 # and me\nclusters:\n-\n  name: a\n  cluster:\n    server: https://a\ncontexts: []\n"
        let out = try check(dashAlone, expectSpliced: true) { merge(&$0) }
        XCTAssertTrue(out.hasPrefix("# keep me\napiVersion: v1 # and me\nclusters:\n- name: a\n"), "only the lists are rewritten: \(out)")
    }

    func testAliasesAreExpandedBeforeEditing() throws {
        let text = """
            clusters:
            - name: arn:aws:eks:us-east-2:123456789012:cluster/dev
              cluster: &c {server: https://old}
            - name: copy
              cluster: *c
            """
        let out = try check(text, expectSpliced: false) { merge(&$0) }
        let cfg = try Kubeconfig(parsing: Array(out.utf8), source: "out")
        XCTAssertEqual(cfg.entry(.clusters, named: "copy")?["server"]?.scalar, "https://old")
        XCTAssertEqual(cfg.entry(.clusters, named: Self.entry.arn)?["server"]?.scalar, Self.entry.endpoint)
    }

    func testUpsertOutcomesAndForeignFields() throws {
        var cfg = try Kubeconfig(parsing: Array(Self.kubectlStyle.utf8), source: "t")
        XCTAssertEqual(cfg.upsert(.contexts, name: "dev-eks", inner: Self.entry.contextNode).outcome, .added)
        XCTAssertEqual(cfg.upsert(.contexts, name: "dev-eks", inner: Self.entry.contextNode).outcome, .unchanged)
        // A foreign context of the same name keeps its namespace and other tools' extensions.
        var text = Self.kubectlStyle.replacingOccurrences(of: "  name: a\ncurrent", with: "  name: dev-eks\ncurrent")
        text = text.replacingOccurrences(of: "    namespace: 'kube-system'\n",
                                         with: "    namespace: 'kube-system'\n    extensions:\n    - name: other\n      extension: {x: 1}\n")
        cfg = try Kubeconfig(parsing: Array(text.utf8), source: "t")
        XCTAssertEqual(cfg.upsert(.contexts, name: "dev-eks", inner: Self.entry.contextNode, keepForeignFields: true).outcome, .replaced)
        let ctx = try XCTUnwrap(cfg.entry(.contexts, named: "dev-eks"))
        XCTAssertEqual(ctx["namespace"]?.scalar, "kube-system")
        XCTAssertEqual(ctx["extensions"]?.items?.compactMap { $0["name"]?.scalar }, ["other", "ekspipe"])
        XCTAssertEqual(KubeconfigMarker.read(from: ctx), KubeconfigMarker(identity: "dev-admin", integration: "dev/eks"))
        XCTAssertEqual(cfg.upsert(.contexts, name: "dev-eks", inner: Self.entry.contextNode, keepForeignFields: true).outcome, .unchanged)
    }

    func testShapeErrorsNamePositions() {
        let cases = [
            ("- a\n- b\n", "t:1:1: a kubeconfig must be a mapping"),
            ("clusters: {a: 1}\n", "t:1:11: clusters must be a list"),
            ("users:\n- user: {}\n", "t:2:3: users[0] has no name"),
            ("contexts:\n- name: x\n  context: [1]\n", "t:3:12: contexts[0].context must be a mapping"),
            ("a: 1\n---\nb: 2\n", "t: holds 2 YAML documents; a kubeconfig holds one"),
        ]
        for (text, message) in cases {
            XCTAssertThrowsError(try Kubeconfig(parsing: Array(text.utf8), source: "t")) { e in
                XCTAssertEqual((e as? KubeconfigError)?.message, message)
            }
        }
    }

    func testEmptyFileIsAnEmptyKubeconfig() throws {
        for text in ["", "# nothing yet\n", "---\n"] {
            var cfg = try Kubeconfig(parsing: Array(text.utf8), source: "t")
            XCTAssertFalse(cfg.modified)
            XCTAssertFalse(cfg.createdByEkspipe)
            merge(&cfg)
            XCTAssertEqual(try Kubeconfig(parsing: try cfg.render(), source: "out").names(.contexts), ["dev-eks"])
        }
    }
}
