@testable import Common
import XCTest

/// The fast block-subset reader must give libyaml's tree (kinds, text, styles, marks) for
/// everything it accepts, and must accept the layouts kubectl, the AWS CLI and ekspipe write
/// (else the 2 MB merge falls back to libyaml and is slow again).
final class YAMLBlockSubsetTests: XCTestCase {
    static let kubectlStyle = """
        apiVersion: v1
        clusters:
        - cluster:
            certificate-authority-data: LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCk1JSUM=
            server: https://ABC.gr7.us-east-1.eks.amazonaws.com
          name: arn:aws:eks:us-east-1:123456789012:cluster/dev
        contexts:
        - context:
            cluster: arn:aws:eks:us-east-1:123456789012:cluster/dev
            namespace: kube-system
            user: arn:aws:eks:us-east-1:123456789012:cluster/dev
          name: dev
        current-context: dev
        kind: Config
        preferences: {}
        users:
        - name: arn:aws:eks:us-east-1:123456789012:cluster/dev
          user:
            exec:
              apiVersion: client.authentication.k8s.io/v1beta1
              args:
              - --region
              - us-east-1
              - eks
              - get-token
              - --cluster-name
              - dev
              command: aws
              env: null
              interactiveMode: IfAvailable
              provideClusterInfo: false

        """

    static let indentedStyle = """
        # written by hand
        apiVersion: v1   # the version
        kind: Config
        clusters:
          - name: "quoted name"
            cluster:
              server: 'https://x:443'
              insecure-skip-tls-verify: true
          -   name: b # comment
              cluster:
                server: http://b
        users: []
        contexts:
            - context: {}
              name: ctx
        extensions:
        - extension:
            identity: dev-admin
            mode: "0600"
          name: ekspipe
        """

    /// Fails the test unless both readers agree; returns whether the subset reader accepted.
    @discardableResult
    private func agree(_ text: String, file: StaticString = #filePath, line: UInt = #line) -> Bool {
        let bytes = Array(text.utf8)
        let fast = bytes.withUnsafeBufferPointer { YAMLBlockSubset.parse($0, source: "t") }
        guard let fast else { return false }
        guard let slow = try? YAML.parseStream(bytes, source: "t") else {
            XCTFail("the subset reader accepted what libyaml refuses:\n\(text)", file: file, line: line)
            return true
        }
        XCTAssertEqual(slow.documents.count, 1, file: file, line: line)
        XCTAssertFalse(slow.hasAliases, file: file, line: line)
        if let doc = slow.documents.first {
            XCTAssertEqual(doc.explicitStart, fast.explicitStart, file: file, line: line)
            XCTAssertEqual(doc.explicitEnd, fast.explicitEnd, file: file, line: line)
            if let a = doc.root, let b = fast.root {
                if let diff = Self.difference(a, b, path: "") { XCTFail("\(diff) in:\n\(text)", file: file, line: line) }
            } else {
                XCTAssertEqual(doc.root == nil, fast.root == nil, file: file, line: line)
            }
        }
        return true
    }

    /// Where two trees differ in anything the reader records, or nil.
    static func difference(_ a: YAMLNode, _ b: YAMLNode, path: String) -> String? {
        if a.mark != b.mark { return "\(path): mark \(a.mark) vs \(b.mark)" }
        if a.tag != b.tag || a.anchor != b.anchor { return "\(path): tag or anchor" }
        if a.scalarStyle != b.scalarStyle || a.collectionStyle != b.collectionStyle { return "\(path): style \(a.scalarStyle)/\(a.collectionStyle) vs \(b.scalarStyle)/\(b.collectionStyle)" }
        switch (a.kind, b.kind) {
        case (.scalar(let x), .scalar(let y)):
            return x == y ? nil : "\(path): \(x) vs \(y)"
        case (.sequence(let x), .sequence(let y)):
            guard x.count == y.count else { return "\(path): \(x.count) vs \(y.count) items" }
            for (i, (p, q)) in zip(x, y).enumerated() { if let d = difference(p, q, path: "\(path)[\(i)]") { return d } }
            return nil
        case (.mapping(let x), .mapping(let y)):
            guard x.count == y.count else { return "\(path): \(x.count) vs \(y.count) pairs" }
            for (p, q) in zip(x, y) {
                if let d = difference(p.key, q.key, path: "\(path).key") ?? difference(p.value, q.value, path: "\(path).\(p.key.scalar ?? "?")") { return d }
            }
            return nil
        default:
            return "\(path): kinds differ"
        }
    }

    func testAcceptsWhatKubeconfigWritersWrite() throws {
        XCTAssertTrue(agree(Self.kubectlStyle))
        XCTAssertTrue(agree(Self.indentedStyle))
        // ekspipe's own output (libyaml's emitter) reads back through the subset.
        var cfg = Kubeconfig(source: "t", markCreated: true)
        cfg.upsert(.clusters, name: "arn:aws:eks:us-east-2:1:cluster/a", inner: YAMLKubeconfigTests.entry.clusterNode)
        cfg.upsert(.contexts, name: "a", inner: YAMLKubeconfigTests.entry.contextNode)
        cfg.upsert(.users, name: "u", inner: YAMLKubeconfigTests.entry.userNode)
        cfg.setCurrentContext("a")
        XCTAssertTrue(agree(String(decoding: try cfg.render(), as: UTF8.self)))
    }

    func testFallsBackOutsideTheSubset() {
        for text in ["a: &x 1\nb: *x\n", "a: !!str 1\n", "a: |\n  x\n", "a: b\n  c\n", "---\na: 1\n", "a: 1\n...\n",
                     "%YAML 1.2\n---\na: 1\n", "a:\tb\n", "a: b\r\n", "a: [1, 2]\n", "a: {b: 1}\n", "a:\n", "- a\n", "a: \"x\\n\"\n",
                     "a: 'it''s'\n", "a: b: c\n", "a:\n- - x\n", "a:\n-\n  b: 1\n", "? a\n: b\n", "a: é\n", "\"a\": 1\n", "", "# only\n",
                     "a: 1\n b: 2\n", "a:\n  b: 1\n c: 2\n", "a:\n  - x\n  y: 1\n", "a: \"open\n  close\"\n"] {
            XCTAssertFalse(agree(text), "accepted: \(text)")
        }
    }

    func testAgreesOnEdgeLayouts() {
        for text in ["a: 1\n", "a: 1", "a: x # c\nb: 'y' # c\n", "a:\n- x\n- y\nb: 2\n", "a:\n  - x\n  -   y\n", "a:\n  b:\n    c: d\ne: f\n",
                     "a: \"\"\nb: ''\n", "a: x#y\n", "a: --x\n", "a: ~\nb: null\n", "a: http://h:1/p?q=1&r\n", "l:\n- k: v\n  m:\n  - n\n- o\n",
                     "a: b   \n", "\n\na: 1\n\n# end\n", "a:\n# c\n  b: 1\n", "a: [] # empty\nb: {}\n", "a: {}x\n", "a: x\n  # c\nb: y\n"] {
            agree(text)
        }
    }

    /// Random edits of a kubeconfig: whatever the subset reader accepts, libyaml reads the same.
    func testAgreesOnMutatedKubeconfigs() {
        var rng = SplitMix(seed: 11)
        let base = Array((Self.kubectlStyle + Self.indentedStyle.replacingOccurrences(of: "apiVersion: v1   # the version\nkind: Config\n", with: "")).utf8)
        let pieces: [[UInt8]] = [" ", "  ", ":", ": ", "-", "- ", "#", " #", "'", "\"", "\n", "a", "{", "}", "[", "]", "\n  ", "\n- ", "&", "*", "!", "|", ",", "?", "%", "@", "---"].map { Array($0.utf8) }
        var accepted = 0
        for _ in 0..<3000 {
            var text = base
            for _ in 0..<Int(rng.next() % 3 + 1) {
                let at = Int(rng.next() % UInt64(text.count))
                switch rng.next() % 3 {
                case 0: text.insert(contentsOf: pieces[Int(rng.next() % UInt64(pieces.count))], at: at)
                case 1: text.remove(at: at)
                default: text[at] = pieces[Int(rng.next() % UInt64(pieces.count))][0]
                }
            }
            if agree(String(decoding: text, as: UTF8.self)) { accepted += 1 }
        }
        XCTAssertGreaterThan(accepted, 100, "the mutations should leave many texts in the subset")
    }

    struct SplitMix {
        var seed: UInt64
        mutating func next() -> UInt64 {
            seed &+= 0x9E37_79B9_7F4A_7C15
            var z = seed
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }
}
